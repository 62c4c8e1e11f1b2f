/** The hunt module's surface: the search language (parse, print, types) and IP/CIDR helpers. */
export type { AllNode, AndNode, FieldNode, FieldOp, NotNode, OrNode, QueryNode, TextNode } from './ast.ts';
export {
  isIpField,
  isValidFieldName,
  MAX_QUERY_BYTES,
  MAX_QUERY_DEPTH,
  MAX_QUERY_NODES,
  QuerySyntaxError,
} from './ast.ts';
export { formatQuery } from './format.ts';
export { type CidrRange, ipToBigInt, ipv4ToNumber, parseCidr } from './ip.ts';
export { type ParseQueryOutcome, parseQuery, tryParseQuery } from './query.ts';
export { checkQueryNode, type QueryCheck, requireQueryNode } from './validate.ts';
export { type ComparisonValue, comparisonValue } from './values.ts';
