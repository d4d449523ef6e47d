// Summaries of latency samples (milliseconds) and of series over time, shared by the probe and the report.

/** count, mean, p50/p95/p99 (nearest rank) and max of a list of numbers; nulls when the list is empty. */
function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const rank = (p) => (n === 0 ? null : round(sorted[Math.min(n - 1, Math.ceil((p / 100) * n) - 1)]));
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    n,
    mean: n === 0 ? null : round(sum / n),
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: n === 0 ? null : round(sorted[n - 1]),
  };
}

/** Least-squares slope of y over t (seconds), in y per second; 0 for fewer than two points. */
function slopePerSecond(points) {
  const n = points.length;
  if (n < 2) return 0;
  const meanT = points.reduce((s, p) => s + p.t, 0) / n;
  const meanY = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const { t, y } of points) {
    num += (t - meanT) * (y - meanY);
    den += (t - meanT) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

module.exports = { summarize, slopePerSecond, round };
