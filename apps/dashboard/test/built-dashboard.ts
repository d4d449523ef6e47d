// The browser tests run against the built dashboard, as the coordinator service serves it: build it when the build
// is missing or older than any of its sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');
const app = path.join(root, 'apps/dashboard');
export const DASHBOARD_BUILD = path.join(root, 'dist/apps/dashboard');

function newestSource(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestSource(path.join(entry, name))));
}

export function ensureDashboardBuilt(): void {
  const index = path.join(DASHBOARD_BUILD, 'index.html');
  const sources = ['src', 'public', 'index.html', 'vite.config.mts'].map((name) => path.join(app, name)).filter(existsSync);
  const newest = Math.max(...sources.map(newestSource), statSync(path.join(root, 'package-lock.json')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return;
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(app, 'vite.config.mts'), '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
}
