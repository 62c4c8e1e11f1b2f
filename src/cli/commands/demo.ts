/** `vigil demo`: a realistic synthetic day of mixed telemetry, so search shows data at once. */
import type { Command } from 'commander';
import type { Format } from '../../core/event.ts';
import { demoStories, generateDemoDay } from '../../demo/index.ts';
import { commandContext, err, type GlobalFlags } from '../context.ts';
import { openIngestTarget } from '../ingest-target.ts';

export function demoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'replay a synthetic day of Windows, Linux, network and cloud events (with a few attack stories)',
    )
    .option('--scale <n>', 'volume multiplier (1 ≈ 20,000 events)', Number, 1)
    .option('--seed <n>', 'random seed', Number, 1)
    .action(async (opts: { scale: number; seed: number }) => {
      const { config, logger } = commandContext(program.opts<GlobalFlags>());
      const target = await openIngestTarget(config, logger.child({ component: 'demo' }));
      const end = Date.now();
      const pending = new Map<string, { source: string; format: Format; lines: string[] }>();
      let total = 0;
      const flush = async (key: string) => {
        const b = pending.get(key);
        if (!b || b.lines.length === 0) return;
        pending.delete(key);
        await target.send(b.source, b.format, b.lines);
      };
      for (const r of generateDemoDay({ seed: opts.seed, scale: opts.scale, end })) {
        const key = `${r.source}\u0000${r.format}`;
        let b = pending.get(key);
        if (!b) {
          b = { source: r.source, format: r.format, lines: [] };
          pending.set(key, b);
        }
        b.lines.push(r.raw);
        total++;
        if (b.lines.length >= 2000) await flush(key);
      }
      for (const key of [...pending.keys()]) await flush(key);
      await target.finish();
      err(`replayed ${total} demo events into ${target.where}`);
      err('stories to find:');
      for (const s of demoStories({ seed: opts.seed, scale: opts.scale, end })) err(`  - ${s.title}`);
      err(
        'try:  npx vigil search "event.code:4625"   or   npx vigil search --top source.ip "event.outcome:failure"',
      );
    });
}
