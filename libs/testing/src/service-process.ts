// A service as its own process, compiled (like scripts/start.js, the fault suite and the benchmark run it), with its
// output kept line by line: for tests that need what only a real process shows — its instrumentation loaded before
// anything else, its log lines on stdout.
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(__dirname, '../../..');

/** The services as npm run build builds them, without the dashboard: tsc (incremental), then the email templates. */
export function buildServices(): void {
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: 'inherit',
  });
  execFileSync('npm', ['run', '-s', 'build:templates'], { cwd: root, stdio: 'inherit' });
}

export class ServiceProcess {
  private readonly exited: Promise<unknown>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly url: string,
    /** Every line it wrote to stdout and stderr, from its start. */
    readonly output: string[],
  ) {
    this.exited = new Promise((resolve) => child.once('exit', resolve));
  }

  /** Starts `dist/apps/<app>/src/main.js` with `env` added, and waits for the address it logs once listening. */
  static async start(app: string, env: Record<string, string>, timeoutMs = 60_000): Promise<ServiceProcess> {
    const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', path.join(root, 'dist/apps', app, 'src/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        TS_NODE_PROJECT: path.join(root, 'tsconfig.base.json'),
        TS_NODE_BASEURL: path.join(root, 'dist'),
        LOG_FORMAT: 'json',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${app} did not start:\n${lines.join('\n')}`)), timeoutMs);
      for (const stream of [child.stdout!, child.stderr!]) {
        createInterface({ input: stream }).on('line', (line) => {
          lines.push(line);
          const listening = / service listening on (http:\/\/[^\s",]+)/.exec(line);
          if (listening) {
            clearTimeout(timer);
            resolve(listening[1].replace(/"$/, ''));
          }
        });
      }
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${app} exited (${code}) during start-up:\n${lines.join('\n')}`));
      });
    });
    return new ServiceProcess(app, child, url, lines);
  }

  /** SIGTERM (the service drains and exports its last spans), SIGKILL after the timeout. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
