// Reading Prometheus's text format in tests, and checking it with promtool (Debian's prometheus package).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples of that name whose labels include these (0 when there is none yet). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  return parseMetrics(text)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

export const PROMTOOL = process.env.PROMTOOL ?? '/usr/bin/promtool';

/** `promtool check metrics` on the text: its complaints, none when the exposition is well-formed and well-named. */
export function promtoolProblems(text: string): string[] {
  if (!existsSync(PROMTOOL)) throw new Error(`${PROMTOOL} not found: install Debian's prometheus package (or set PROMTOOL)`);
  const result = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`.trim();
  return result.status === 0 && output === '' ? [] : [output || `promtool exited ${result.status}`];
}
