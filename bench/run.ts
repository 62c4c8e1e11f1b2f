/** `npm run bench`: runs every benchmark and writes bench/results/*.json. */
import { runIngestBench } from './ingest.ts';

const only = process.argv[2];
if (!only || only === 'ingest') console.log(JSON.stringify(await runIngestBench(), null, 2));
