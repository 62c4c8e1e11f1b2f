/** The API's answers as the analyst commands read them (the routes' own zod schemas, inferred). */
import type { z } from 'zod';
import type {
  alertDetailSchema,
  alertList,
  alertSchema,
  commentSchema,
  similarList,
} from '../../api/alerts/triage-schemas.ts';
import type {
  caseDetail,
  casePage,
  caseRecord,
  closeResult,
  escalateResult,
  evidence,
  timelineEntry,
} from '../../api/cases/schemas.ts';

export type { SocMetricsReport, TenantSlaPolicies } from '../../workflow/soc.ts';
export type { EntityRisk, Suppression } from '../../workflow/tuning.ts';

export type Alert = z.infer<typeof alertSchema>;
export type AlertPage = z.infer<typeof alertList>;
export type AlertDetail = z.infer<typeof alertDetailSchema>;
export type SimilarAlert = z.infer<typeof similarList>['items'][number];
export type AlertComment = z.infer<typeof commentSchema>;

export type CaseRecord = z.infer<typeof caseRecord>;
export type CaseDetail = z.infer<typeof caseDetail>;
export type CasePage = z.infer<typeof casePage>;
export type CaseEvidence = z.infer<typeof evidence>;
export type TimelineEntry = z.infer<typeof timelineEntry>;
export type EscalateResult = z.infer<typeof escalateResult>;
export type CaseCloseResult = z.infer<typeof closeResult>;
