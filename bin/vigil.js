#!/usr/bin/env node
// The `vigil` command. TypeScript sources run through tsx's loader, so a checkout works right
// after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
