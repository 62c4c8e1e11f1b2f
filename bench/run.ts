/** `npm run bench [ingest|detect]`: runs the benchmarks (all, or the one named) and writes bench/results/*.json. */
import { runDetectBench } from './detect.ts';
import { runIngestBench } from './ingest.ts';

const only = process.argv[2];
if (only !== undefined && only !== 'ingest' && only !== 'detect') {
  console.error(`unknown benchmark "${only}": expected ingest or detect`);
  process.exit(2);
}
if (!only || only === 'ingest') console.log(JSON.stringify(await runIngestBench(), null, 2));
if (!only || only === 'detect') console.log(JSON.stringify(await runDetectBench(), null, 2));
