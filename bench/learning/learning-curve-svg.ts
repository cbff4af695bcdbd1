/** One algorithm's curve: success rate (0–1) against environment steps. */
export interface Curve {
  label: string;
  points: Array<{ x: number; y: number }>;
}

/**
 * A run's training success as curve points: a moving average over three iterations, since one
 * iteration's 16 episodes are a noisy estimate.
 */
export function smoothedSuccess(metrics: ReadonlyArray<{ env_steps: number; success_rate: number }>): Curve["points"] {
  return metrics.map((m, i) => {
    const window = metrics.slice(Math.max(0, i - 2), i + 1);
    return { x: m.env_steps, y: window.reduce((sum, n) => sum + n.success_rate, 0) / window.length };
  });
}

const COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];

/** A small self-contained SVG line chart: success rate against environment steps, one line per algorithm. */
export function learningCurveSvg(curves: readonly Curve[], title: string): string {
  const width = 720;
  const height = 420;
  const margin = { left: 60, right: 150, top: 40, bottom: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxX = Math.max(1, ...curves.flatMap((curve) => curve.points.map((point) => point.x)));
  const maxY = Math.min(1, Math.max(0.1, ...curves.flatMap((curve) => curve.points.map((point) => point.y))) * 1.1);
  const sx = (x: number) => margin.left + (x / maxX) * plotW;
  const sy = (y: number) => margin.top + plotH - (y / maxY) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="24" font-size="15">${title}</text>`,
    `<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="black"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const y = (maxY * i) / 5;
    parts.push(`<line x1="${margin.left}" y1="${sy(y)}" x2="${margin.left + plotW}" y2="${sy(y)}" stroke="#eee"/>`);
    parts.push(`<text x="${margin.left - 8}" y="${sy(y) + 4}" text-anchor="end">${(100 * y).toFixed(0)}%</text>`);
    const x = (maxX * i) / 5;
    parts.push(`<text x="${sx(x)}" y="${margin.top + plotH + 18}" text-anchor="middle">${Math.round(x)}</text>`);
  }
  parts.push(`<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">environment steps</text>`);
  parts.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">training success rate</text>`);
  curves.forEach((curve, index) => {
    const colour = COLOURS[index % COLOURS.length] as string;
    const path = curve.points.map((point) => `${sx(point.x).toFixed(1)},${sy(point.y).toFixed(1)}`).join(" ");
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${path}"/>`);
    parts.push(`<line x1="${margin.left + plotW + 15}" y1="${margin.top + 10 + index * 20}" x2="${margin.left + plotW + 40}" y2="${margin.top + 10 + index * 20}" stroke="${colour}" stroke-width="3"/>`);
    parts.push(`<text x="${margin.left + plotW + 46}" y="${margin.top + 14 + index * 20}">${curve.label}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
