/**
 * The pieces of Vigil's own code the console runs in the browser, so that it means exactly what
 * the server means: the search language (parse, print), time expressions (`now-24h`), and ATT&CK
 * tags, event formats and roles. All pure; nothing else of `src/` is imported by the console.
 */
import './lib/buffer-shim.ts';

export { ROLES } from '../../src/access/roles.ts';
export { ATTACK_TACTICS, attackTactic, tacticTitle } from '../../src/core/attack.ts';
export { FORMATS } from '../../src/core/event.ts';
export { parseTimeExpression } from '../../src/core/time-range.ts';
export { tactics, techniques } from '../../src/detect/sigma/tags.ts';
export { formatQuery, isValidFieldName, type QueryNode, tryParseQuery } from '../../src/hunt/index.ts';
