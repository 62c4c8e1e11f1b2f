/** The machine a benchmark ran on, written beside every result. */
import { cpus, freemem, totalmem } from 'node:os';

export function machine() {
  const c = cpus();
  return {
    cpu_model: c[0]?.model ?? 'unknown',
    cores: c.length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    free_memory_gib: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
