import type { SeededRandom } from "@hiper/core";

/**
 * PDDL ids in the shape of the real files (spec alfworld.md §3.2): an ALFRED object id is
 * `<Class>_bar_<x>_bar_<y>_bar_<z>` with `_minus_` = `-`, `_plus_` = `+`, `_dot_` = `.`
 * (`Mug_bar__minus_00_dot_41_bar__plus_00_dot_96_bar__plus_06_dot_56`), a location is
 * `loc_bar_<x>_bar_<z>_bar_<rotation>_bar_<horizon>` (`loc_bar__minus_4_bar_25_bar_1_bar__minus_30`).
 * Printed names follow from sorting these ids (§4), so random coordinates give random numbering,
 * as in real games.
 */

/** `-0.41` → `_minus_00_dot_41`, `6.56` → `_plus_06_dot_56`, `0` → `00_dot_00`. */
export function formatCoordinate(value: number): string {
  const hundredths = Math.round(Math.abs(value) * 100);
  const whole = Math.floor(hundredths / 100);
  const fraction = hundredths % 100;
  const digits = `${String(whole).padStart(2, "0")}_dot_${String(fraction).padStart(2, "0")}`;
  if (hundredths === 0) return digits;
  return value < 0 ? `_minus_${digits}` : `_plus_${digits}`;
}

/** `-4` → `_minus_4`, `25` → `25`. */
function formatGridValue(value: number): string {
  return value < 0 ? `_minus_${-value}` : String(value);
}

const HORIZONS = [-30, -15, 0, 15, 30, 45, 60] as const;

/** Hands out unique entity and location ids for one game. */
export class IdFactory {
  private readonly used = new Set<string>();

  constructor(private readonly random: SeededRandom) {}

  private coordinate(low: number, high: number): number {
    return low + this.random.next() * (high - low);
  }

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** An entity id for an ALFRED class (`Mug`, `CounterTop`); `suffix` adds `_bar_<suffix>` (`SinkBasin`). */
  entity(className: string, suffix?: string): string {
    return this.unique(() => {
      const x = formatCoordinate(this.coordinate(-6, 6));
      const y = formatCoordinate(this.coordinate(0, 2.4));
      const z = formatCoordinate(this.coordinate(-6, 7));
      return `${className}_bar_${x}_bar_${y}_bar_${z}${suffix ? `_bar_${suffix}` : ""}`;
    });
  }

  /** A second id sharing the coordinates of `id` under another class (a `Sink` object under its `SinkBasin`). */
  sibling(id: string, className: string): string {
    const cut = id.indexOf("_bar_");
    const rest = id.slice(cut).replace(/_bar_[A-Za-z]+$/, "");
    const sibling = `${className}${rest}`;
    this.used.add(sibling);
    return sibling;
  }

  /** A fresh location id. */
  location(): string {
    return this.unique(() => {
      const x = Math.round(this.coordinate(-16, 16));
      const z = Math.round(this.coordinate(-8, 26));
      const rotation = this.random.int(4);
      const horizon = HORIZONS[this.random.int(HORIZONS.length)] as number;
      return `loc_bar_${formatGridValue(x)}_bar_${formatGridValue(z)}_bar_${rotation}_bar_${formatGridValue(horizon)}`;
    });
  }
}
