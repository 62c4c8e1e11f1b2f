/**
 * `run/server.json`: written by a running server so that CLI commands on the same data directory
 * talk to it (the event store file is held open by the server) instead of opening the stores.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { VigilError } from '../core/errors.ts';

export interface ServerInfo {
  pid: number;
  url: string;
  startedAt: string;
  syslog: { udpPort?: number; tcpPort?: number; tlsPort?: number };
}

export function readServerInfo(path: string): ServerInfo | null {
  if (!existsSync(path)) return null;
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as ServerInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function claimDataDir(path: string): void {
  const running = readServerInfo(path);
  if (running && running.pid !== process.pid) {
    throw new VigilError(
      'conflict',
      `another Vigil (pid ${running.pid}) is serving this data directory at ${running.url}; stop it or use --data with another directory`,
    );
  }
}

export function writeServerInfo(path: string, info: ServerInfo): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(info, null, 2));
}

export function removeServerInfo(path: string): void {
  rmSync(path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
