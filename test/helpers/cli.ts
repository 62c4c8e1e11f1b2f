/**
 * Runs the real `vigil` command (`node bin/vigil.js`) as a child process for end-to-end tests:
 * one-shot commands with `runVigil`, and a background `vigil serve` with `startVigilServer`.
 * The child gets the caller's environment minus every `VIGIL_*` variable, plus `opts.env`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';
import type { ServerInfo } from '../../src/app/index.ts';
import { tempDir, waitFor } from './vigil.ts';

export const VIGIL_BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'vigil.js');

export interface CliOptions {
  /** Passed as the global `--data DIR` flag (before the subcommand). */
  dataDir?: string;
  env?: Record<string, string>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  /** The child is killed (SIGKILL) and the promise rejects after this long; default 60 s. */
  timeoutMs?: number;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('VIGIL_')) env[k] = v;
  return { ...env, ...extra };
}

function argv(args: string[], dataDir: string | undefined): string[] {
  return [VIGIL_BIN, ...(dataDir ? ['--data', dataDir] : []), ...args];
}

/** Runs `vigil ARGS` to completion and returns its exit code and output. */
export function runVigil(args: string[], opts: CliOptions = {}): Promise<CliResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, argv(args, opts.dataDir), {
      env: childEnv(opts.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `vigil ${args.join(' ')}: no exit after ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code, signal, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

export interface ServerProcess {
  child: ChildProcess;
  /** `run/server.json` as written by this child. */
  info: ServerInfo;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout matches, or fails after `ms`. */
  waitForStdout(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Sends a signal and resolves with the exit code (rejects after `ms`). */
  stop(signal?: NodeJS.Signals, ms?: number): Promise<number | null>;
}

/**
 * Spawns `vigil --data DIR serve ARGS` in the background and resolves once `DIR/run/server.json`
 * names the child's pid. Kill it with `stop()` (or `child.kill`) when done.
 */
export async function startVigilServer(
  dataDir: string,
  args: string[],
  opts: { env?: Record<string, string>; startMs?: number } = {},
): Promise<ServerProcess> {
  const child = spawn(process.execPath, argv(['serve', ...args], dataDir), {
    env: childEnv(opts.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const infoPath = join(dataDir, 'run', 'server.json');
  const info = await waitFor<ServerInfo | 'exited'>(
    () => {
      if (child.exitCode !== null || child.signalCode !== null) return 'exited';
      if (!existsSync(infoPath)) return undefined;
      const s = JSON.parse(readFileSync(infoPath, 'utf8')) as ServerInfo;
      return s.pid === child.pid ? s : undefined;
    },
    opts.startMs ?? 60_000,
    'vigil serve to write run/server.json',
  ).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\nstderr: ${stderr}`);
  });
  if (info === 'exited')
    throw new Error(
      `vigil serve exited with ${child.exitCode ?? child.signalCode} before serving\nstderr: ${stderr}`,
    );
  return {
    child,
    info,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForStdout: (pattern, ms = 30_000) =>
      waitFor(() => pattern.exec(stdout) ?? undefined, ms, `stdout matching ${pattern}`),
    async stop(signal = 'SIGTERM', ms = 30_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`vigil serve did not exit ${ms} ms after ${signal}\nstderr: ${stderr}`)),
          ms,
        );
      });
      try {
        return await Promise.race([exited, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * The scratch of one test file: `fresh(prefix)` makes a temporary folder and `servers` collects
 * background `vigil serve` processes; after the file, servers still running are killed and the
 * folders removed.
 */
export function testScratch(): { fresh: (prefix: string) => string; servers: ServerProcess[] } {
  const dirs: string[] = [];
  const servers: ServerProcess[] = [];
  afterAll(() => {
    for (const s of servers)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return {
    fresh(prefix) {
      const d = tempDir(prefix);
      dirs.push(d);
      return d;
    },
    servers,
  };
}
