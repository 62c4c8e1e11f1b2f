import type { Kysely } from 'kysely';

/**
 * The analyst's workflow (issue 5): alerts grouped from detections, suppressions, entity risk,
 * saved views, comments, cases with phases, tasks, observables, timeline, evidence, post-incident
 * review, and SLA policies. Times are ISO-8601 UTC strings; JSON columns are text.
 * Every mutable record has `version` (optimistic concurrency: a write names the version it read).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // ---- alerts -------------------------------------------------------------------------------
  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    /** Installation-wide order of creation and last change: the live feed and pagination use it. */
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('tactics', 'text', (c) => c.notNull())
    .addColumn('techniques', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text')
    .addColumn('assignee', 'text')
    .addColumn('case_id', 'text')
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('detection_ids', 'text', (c) => c.notNull())
    .addColumn('event_ids', 'text', (c) => c.notNull())
    .addColumn('matched', 'text', (c) => c.notNull())
    .addColumn('sparkline', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('escalated_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_tenant_seq').on('alerts').columns(['tenant', 'seq']).execute();
  await db.schema.createIndex('alerts_seq').on('alerts').column('seq').execute();
  await db.schema
    .createIndex('alerts_fingerprint')
    .on('alerts')
    .columns(['tenant', 'fingerprint', 'last_seen'])
    .execute();
  await db.schema.createIndex('alerts_status').on('alerts').columns(['tenant', 'status']).execute();
  await db.schema.createIndex('alerts_rule').on('alerts').columns(['tenant', 'rule_id']).execute();
  await db.schema.createIndex('alerts_case').on('alerts').column('case_id').execute();

  await db.schema
    .createTable('alert_entities')
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_entities_pk', ['alert_id', 'type', 'value'])
    .execute();
  await db.schema
    .createIndex('alert_entities_value')
    .on('alert_entities')
    .columns(['tenant', 'type', 'value'])
    .execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_value', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('last_hit_at', 'text')
    .execute();
  await db.schema
    .createIndex('suppressions_rule')
    .on('suppressions')
    .columns(['tenant', 'rule_id'])
    .execute();

  await db.schema
    .createTable('entity_risk')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .addColumn('alerts', 'integer', (c) => c.notNull())
    .addColumn('last_alert_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entity_risk_pk', ['tenant', 'type', 'value'])
    .execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('comments_target')
    .on('comments')
    .columns(['target_type', 'target_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('shared', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saved_views_tenant').on('saved_views').columns(['tenant', 'kind']).execute();

  // ---- cases --------------------------------------------------------------------------------
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    /** Per-tenant number shown to people (`#42`). */
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('incident_type', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('assignee', 'text')
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('personal_data', 'integer', (c) => c.notNull())
    .addColumn('regulations', 'text', (c) => c.notNull())
    .addColumn('aware_at', 'text')
    .addColumn('notified_at', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('review', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('contained_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('cases_tenant_number')
    .on('cases')
    .columns(['tenant', 'number'])
    .unique()
    .execute();
  await db.schema.createIndex('cases_seq').on('cases').column('seq').execute();
  await db.schema.createIndex('cases_phase').on('cases').columns(['tenant', 'status', 'phase']).execute();

  await db.schema
    .createTable('case_phases')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'text', (c) => c.notNull())
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_phases_case')
    .on('case_phases')
    .columns(['case_id', 'entered_at'])
    .execute();

  await db.schema
    .createTable('case_links')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('other_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'other_id'])
    .execute();

  await db.schema
    .createTable('case_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('due_at', 'text')
    .addColumn('template', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_tasks_case').on('case_tasks').columns(['case_id', 'position']).execute();

  await db.schema
    .createTable('observables')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('ioc', 'integer', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('observables_value')
    .on('observables')
    .columns(['tenant', 'type', 'value'])
    .unique()
    .execute();

  /** A sighting: the observable seen in a case or an alert. */
  await db.schema
    .createTable('observable_sightings')
    .addColumn('observable_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('observable_sightings_pk', ['observable_id', 'target_type', 'target_id'])
    .execute();
  await db.schema
    .createIndex('observable_sightings_target')
    .on('observable_sightings')
    .columns(['target_type', 'target_id'])
    .execute();

  await db.schema
    .createTable('case_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    /** `auto` (written by Vigil on a change) or `note` (an analyst's entry). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    /** When it happened in the incident (an analyst may date a note in the past). */
    .addColumn('event_time', 'text', (c) => c.notNull())
    /** When Vigil recorded it. */
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('case_timeline_case')
    .on('case_timeline')
    .columns(['case_id', 'event_time'])
    .execute();

  await db.schema
    .createTable('case_evidence')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_evidence_case').on('case_evidence').column('case_id').execute();

  await db.schema
    .createTable('sla_policies')
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('acknowledge_minutes', 'integer', (c) => c.notNull())
    .addColumn('contain_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolve_minutes', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_policies_pk', ['tenant', 'severity'])
    .execute();

  /** The installation-wide change counter behind `seq` of alerts and cases (one row). */
  await db.schema
    .createTable('soc_seq')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('soc_seq' as never)
    .values({ id: 1, seq: 0 } as never)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'soc_seq',
    'sla_policies',
    'case_evidence',
    'case_timeline',
    'observable_sightings',
    'observables',
    'case_tasks',
    'case_links',
    'case_phases',
    'cases',
    'saved_views',
    'comments',
    'entity_risk',
    'suppressions',
    'alert_entities',
    'alerts',
  ])
    await db.schema.dropTable(t).execute();
}
