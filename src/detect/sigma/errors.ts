/**
 * The one error type of the Sigma parse stage: a reason a rule author can act on, and where it is
 * (file, 1-based line and column, and the rule's id when known). The parser returns these; it never
 * throws them.
 */
import { VigilError } from '../../core/errors.ts';

export interface SigmaErrorInit {
  file: string;
  line: number;
  column: number;
  reason: string;
  ruleId?: string;
}

export class SigmaError extends VigilError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
  readonly ruleId: string | undefined;

  constructor(init: SigmaErrorInit) {
    const location = `${init.file}:${init.line}:${init.column}`;
    super('bad_request', `${location}: ${init.reason}`, { location });
    this.name = 'SigmaError';
    this.file = init.file;
    this.line = init.line;
    this.column = init.column;
    this.reason = init.reason;
    this.ruleId = init.ruleId;
  }
}
