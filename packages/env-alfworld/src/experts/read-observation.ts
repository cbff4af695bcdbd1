/**
 * Readers for the ALFWorld engine's text (spec alfworld.md §5–6, §9). They extract names only;
 * anything they do not recognise gives undefined.
 */

/** `a cd 3, and a pen 2` → `["cd 3", "pen 2"]`; `nothing` → `[]` (spec §5.2). */
export function readList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed === "nothing" || trimmed === "") return [];
  return trimmed
    .split(", ")
    .map((item) => item.replace(/^and /, "").replace(/^an? /, "").trim())
    .filter((item) => item.length > 0);
}

/** What a receptacle description says (§5.4): its contents, or that it is closed. */
export interface ReceptacleView {
  receptacle: string;
  /** The contents, or undefined when the receptacle is closed. */
  contents: string[] | undefined;
  /** The `The … is open/closed` form: the receptacle is openable. */
  openable: boolean;
}

/** Reads `The fridge 1 is open. In it, you see …`, `The fridge 1 is closed.` or `On the desk 1, you see …`. */
export function readReceptacleView(text: string): ReceptacleView | undefined {
  const open = /^The (.+?) is open\. In it, you see (.*)\.$/s.exec(text);
  if (open) return { receptacle: open[1] as string, contents: readList(open[2] as string), openable: true };
  const closed = /^The (.+?) is closed\.$/.exec(text);
  if (closed) return { receptacle: closed[1] as string, contents: undefined, openable: true };
  const surface = /^On the (.+?), you see (.*)\.$/s.exec(text);
  if (surface) return { receptacle: surface[1] as string, contents: readList(surface[2] as string), openable: false };
  return undefined;
}

/** The feedback of one command, classified. */
export type Feedback =
  | { kind: "arrive"; receptacle: string; view: ReceptacleView | undefined }
  | { kind: "open"; receptacle: string; view: ReceptacleView | undefined }
  | { kind: "close"; receptacle: string }
  | { kind: "examine"; view: ReceptacleView }
  | { kind: "take"; object: string; receptacle: string }
  | { kind: "move"; object: string; receptacle: string }
  | { kind: "treat"; verb: "clean" | "heat" | "cool"; object: string; appliance: string }
  | { kind: "use"; object: string }
  | { kind: "inventory"; held: string | undefined }
  | { kind: "nothing" }
  | { kind: "other" };

/** Classifies an observation (the feedback of the last command). */
export function readFeedback(text: string): Feedback {
  const observation = text.trim();
  if (observation === "Nothing happens.") return { kind: "nothing" };
  let match = /^You arrive at (.+?)\. (.*)$/s.exec(observation);
  if (match) return { kind: "arrive", receptacle: match[1] as string, view: readReceptacleView(match[2] as string) };
  match = /^You open the (.+?)\. (.*)$/s.exec(observation);
  if (match) return { kind: "open", receptacle: match[1] as string, view: readReceptacleView(match[2] as string) };
  match = /^You close the (.+?)\.$/.exec(observation);
  if (match) return { kind: "close", receptacle: match[1] as string };
  match = /^You pick up the (.+?) from the (.+?)\.$/.exec(observation);
  if (match) return { kind: "take", object: match[1] as string, receptacle: match[2] as string };
  match = /^You move the (.+?) to the (.+?)\.$/.exec(observation);
  if (match) return { kind: "move", object: match[1] as string, receptacle: match[2] as string };
  match = /^You (clean|heat|cool) the (.+?) using the (.+?)\.$/.exec(observation);
  if (match) return { kind: "treat", verb: match[1] as "clean" | "heat" | "cool", object: match[2] as string, appliance: match[3] as string };
  match = /^You turn on the (.+?)\.$/.exec(observation);
  if (match) return { kind: "use", object: match[1] as string };
  match = /^You are carrying: (.*)\.$/.exec(observation);
  if (match) return { kind: "inventory", held: readList(match[1] as string)[0] };
  if (observation === "You are not carrying anything.") return { kind: "inventory", held: undefined };
  const view = readReceptacleView(observation);
  if (view) return { kind: "examine", view };
  return { kind: "other" };
}

/** The receptacles listed by the intro's `Looking quickly around you, you see …` line. */
export function readIntroReceptacles(intro: string): string[] {
  const match = /Looking quickly around you, you see (.*?)\.(?:\n|$)/.exec(intro);
  return match ? readList(match[1] as string) : [];
}
