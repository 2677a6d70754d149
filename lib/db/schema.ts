/**
 * Drizzle table definitions, mirroring the SQL in migrations/ (the SQL is the source of truth;
 * test/db/schema-matches-migrations.int.test.ts keeps the two in step).
 */
import { bigint, boolean, customType, date, integer, jsonb, numeric, pgTable, real, smallint, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
/** A 64-bit transaction id (pg_current_xact_id()), read as text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

export const rawMessages = pgTable('raw_messages', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  messageHash: bytea('message_hash').notNull(),
  kind: text('kind').notNull(),
  source: text('source').notNull(),
  sourceTopic: text('source_topic'),
  sourcePartition: integer('source_partition'),
  sourceOffset: bigint('source_offset', { mode: 'bigint' }),
  messageKey: text('message_key'),
  headers: jsonb('headers').$type<Record<string, string>>().notNull(),
  body: bytea('body').notNull(),
  byteSize: integer('byte_size').notNull(),
  outcome: text('outcome').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  purgedAt: timestamp('purged_at', { withTimezone: true }),
});

export const deadLetters = pgTable('dead_letters', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  rawMessageId: bigint('raw_message_id', { mode: 'number' }).notNull(),
  errorCode: text('error_code').notNull(),
  errorMessage: text('error_message').notNull(),
  errorPath: text('error_path'),
  attempts: integer('attempts').notNull(),
  status: text('status').notNull(),
  firstSeenAt: timestamp('first_seen_at', { withTimezone: true }).notNull(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
});

export const stageRuns = pgTable('stage_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  stage: text('stage').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  items: bigint('items', { mode: 'number' }).notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
});

export const seds = pgTable('seds', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  documentId: text('document_id').notNull(),
  version: integer('version').notNull(),
  documentIdDerived: boolean('document_id_derived').notNull(),
  caseId: text('case_id'),
  sedType: text('sed_type').notNull(),
  bucType: text('buc_type'),
  cdmVersion: text('cdm_version'),
  sourceFormat: text('source_format').notNull(),
  senderInstitution: text('sender_institution'),
  senderCountry: text('sender_country'),
  receiverInstitution: text('receiver_institution'),
  receiverCountry: text('receiver_country'),
  supported: boolean('supported').notNull(),
  status: text('status').notNull(),
  familyName: text('family_name'),
  forename: text('forename'),
  birthDate: date('birth_date'),
  sex: text('sex'),
  legislationState: text('legislation_state'),
  article: text('article'),
  startDate: date('start_date'),
  endDate: date('end_date'),
  openEnded: boolean('open_ended'),
  provisional: boolean('provisional'),
  amending: boolean('amending'),
  record: jsonb('record').notNull(),
  normaliserVersion: integer('normaliser_version').notNull(),
  rawMessageId: bigint('raw_message_id', { mode: 'number' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  normalisedAt: timestamp('normalised_at', { withTimezone: true }).notNull(),
  personalPurgedAt: timestamp('personal_purged_at', { withTimezone: true }),
});

export const sedPins = pgTable('sed_pins', {
  sedId: bigint('sed_id', { mode: 'number' }).notNull(),
  country: text('country'),
  pin: text('pin').notNull(),
  sector: text('sector'),
});

export const sedEmployers = pgTable('sed_employers', {
  sedId: bigint('sed_id', { mode: 'number' }).notNull(),
  idx: integer('idx').notNull(),
  role: text('role').notNull(),
  name: text('name'),
  country: text('country'),
  ids: jsonb('ids').notNull(),
});

export const sedInvalidations = pgTable('sed_invalidations', {
  invalidatingSedId: bigint('invalidating_sed_id', { mode: 'number' }).notNull(),
  caseId: text('case_id'),
  targetDocumentId: text('target_document_id'),
  targetSedType: text('target_sed_type'),
});

export const sedCases = pgTable('sed_cases', {
  caseId: text('case_id').primaryKey(),
  bucType: text('buc_type'),
  closedBySedId: bigint('closed_by_sed_id', { mode: 'number' }),
  closedAt: timestamp('closed_at', { withTimezone: true }),
});

export const declarations = pgTable('declarations', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  declarationId: text('declaration_id').notNull(),
  version: integer('version').notNull(),
  status: text('status').notNull(),
  isCurrent: boolean('is_current').notNull(),
  declaredAt: timestamp('declared_at', { withTimezone: true }),
  hostCountry: text('host_country'),
  undertakingName: text('undertaking_name'),
  undertakingCountry: text('undertaking_country'),
  sector: text('sector'),
  startDate: date('start_date'),
  endDate: date('end_date'),
  record: jsonb('record').notNull(),
  rawMessageId: bigint('raw_message_id', { mode: 'number' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  personalPurgedAt: timestamp('personal_purged_at', { withTimezone: true }),
});

export const declarationWorkers = pgTable('declaration_workers', {
  declarationRowId: bigint('declaration_row_id', { mode: 'number' }).notNull(),
  workerIdx: integer('worker_idx').notNull(),
  familyName: text('family_name'),
  forename: text('forename'),
  birthDate: date('birth_date'),
  sex: text('sex'),
  a1Reference: text('a1_reference'),
  pins: jsonb('pins').notNull(),
});

export const certificateEvents = pgTable('certificate_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  certificateNumber: text('certificate_number').notNull(),
  issueType: text('issue_type').notNull(),
  issuedAt: date('issued_at'),
  record: jsonb('record').notNull(),
  rawMessageId: bigint('raw_message_id', { mode: 'number' }).notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  personalPurgedAt: timestamp('personal_purged_at', { withTimezone: true }),
  // The security code as a keyed hash only (migration 0013; lib/verify/sql-verify.ts).
  hasSecurityCode: boolean('has_security_code').notNull().default(false),
  securityCodeHash: bytea('security_code_hash'),
  securityCodeKeyId: bytea('security_code_key_id'),
});

export const certificates = pgTable('certificates', {
  certificateNumber: text('certificate_number').primaryKey(),
  kind: text('kind').notNull(),
  status: text('status').notNull(),
  currentEventId: bigint('current_event_id', { mode: 'number' }).notNull(),
  legislationState: text('legislation_state'),
  article: text('article'),
  startDate: date('start_date'),
  endDate: date('end_date'),
  provisional: boolean('provisional').notNull(),
  familyName: text('family_name'),
  forename: text('forename'),
  birthDate: date('birth_date'),
  employerName: text('employer_name'),
  employerCountry: text('employer_country'),
  record: jsonb('record').notNull(),
  withdrawnAt: date('withdrawn_at'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  securityCodeHash: bytea('security_code_hash'),
  securityCodeKeyId: bytea('security_code_key_id'),
  securityCodeEventId: bigint('security_code_event_id', { mode: 'number' }),
  personalPurgedAt: timestamp('personal_purged_at', { withTimezone: true }),
});

export const lacSecrets = pgTable('lac_secrets', {
  name: text('name').primaryKey(),
  value: bytea('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
});

export const verificationRateLimits = pgTable('verification_rate_limits', {
  scope: text('scope').notNull(),
  subject: bytea('subject').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  attempts: integer('attempts').notNull(),
});

export const verificationAttempts = pgTable('verification_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
  channel: text('channel').notNull(),
  clientKey: bytea('client_key').notNull(),
  certificateNumber: text('certificate_number').notNull(),
  result: text('result').notNull(),
});

export const personRecords = pgTable('person_records', {
  ref: text('ref').primaryKey(),
  sourceKind: text('source_kind').notNull(),
  familyName: text('family_name'),
  forename: text('forename'),
  familyNameAtBirth: text('family_name_at_birth'),
  forenameAtBirth: text('forename_at_birth'),
  birthDate: date('birth_date'),
  sex: text('sex'),
  pins: jsonb('pins').notNull(),
  pinKeys: text('pin_keys').array().notNull(),
  identityHash: text('identity_hash').notNull(),
  personKey: text('person_key'),
  linkMethod: text('link_method'),
  linkConfidence: real('link_confidence'),
  ambiguous: boolean('ambiguous').notNull(),
  candidates: text('candidates').array().notNull(),
});

export const matchDirty = pgTable('match_dirty', {
  block: text('block').primaryKey(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
});

/** Person refs whose sources a statement wrote (migration 0018 triggers), until the matcher's sync reads them. */
export const personChanges = pgTable('person_changes', {
  ref: text('ref').notNull(),
  sourceKey: text('source_key').notNull(),
  xid: xid8('xid').notNull(),
});

export const matchState = pgTable('match_state', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
});

export const matches = pgTable('matches', {
  subjectType: text('subject_type').notNull(),
  subjectRef: text('subject_ref').notNull(),
  outcome: text('outcome').notNull(),
  coverage: numeric('coverage', { precision: 5, scale: 4 }).notNull(),
  certificateNumbers: text('certificate_numbers').array().notNull(),
  personKey: text('person_key'),
  companyKey: text('company_key'),
  explanation: text('explanation').notNull(),
  startDate: date('start_date'),
  endDate: date('end_date'),
  computedAt: timestamp('computed_at', { withTimezone: true }).notNull(),
});

export const flags = pgTable('flags', {
  controlId: text('control_id').notNull(),
  controlVersion: integer('control_version').notNull(),
  severity: text('severity').notNull(),
  scope: text('scope').notNull(),
  scopeKey: text('scope_key').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectRef: text('subject_ref').notNull(),
  companyKey: text('company_key'),
  personKey: text('person_key'),
  evidence: text('evidence').array().notNull(),
  legalBasis: text('legal_basis').notNull(),
  message: text('message').notNull(),
  detail: text('detail').notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
});

export const riskRuns = pgTable('risk_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  rulesetVersion: text('ruleset_version').notNull(),
  catalogueVersion: text('catalogue_version').notNull(),
  asOf: date('as_of').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  companies: integer('companies').notNull(),
});

/** A company's score, one row per distinct content, valid for runs [from_run, to_run) (migration 0019). */
export const riskScoreVersions = pgTable('risk_score_versions', {
  companyKey: text('company_key').notNull(),
  fromRun: bigint('from_run', { mode: 'number' }).notNull(),
  toRun: bigint('to_run', { mode: 'number' }),
  name: text('name'),
  country: text('country'),
  ids: jsonb('ids').notNull(),
  score: integer('score').notNull(),
  band: text('band').notNull(),
  redFlag: boolean('red_flag').notNull(),
  contributions: jsonb('contributions').notNull(),
  counts: jsonb('counts').notNull(),
  explanation: text('explanation').array().notNull(),
});

export const ingestAttempts = pgTable('ingest_attempts', {
  groupId: text('group_id').notNull(),
  topic: text('topic').notNull(),
  kafkaPartition: integer('kafka_partition').notNull(),
  level: smallint('level').notNull(),
  kafkaOffset: bigint('kafka_offset', { mode: 'bigint' }).notNull(),
  lastOffset: bigint('last_offset', { mode: 'bigint' }).notNull(),
  attempts: integer('attempts').notNull(),
  owner: text('owner').notNull(),
  firstAt: timestamp('first_at', { withTimezone: true }).notNull(),
  lastAt: timestamp('last_at', { withTimezone: true }).notNull(),
});

export const serviceInstances = pgTable('service_instances', {
  instanceId: text('instance_id').primaryKey(),
  kind: text('kind').notNull(),
  host: text('host').notNull(),
  pid: integer('pid').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastBeat: timestamp('last_beat', { withTimezone: true }).notNull(),
  beatIntervalMs: integer('beat_interval_ms').notNull(),
  stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  ready: boolean('ready').notNull(),
  dependencies: jsonb('dependencies').notNull(),
  reconnects: integer('reconnects').notNull(),
  lastErrorCode: text('last_error_code'),
  metrics: jsonb('metrics').notNull(),
});

export const apiAudit = pgTable('api_audit', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true }).notNull(),
  requestId: text('request_id').notNull(),
  keyId: text('key_id').notNull(),
  role: text('role').notNull(),
  method: text('method').notNull(),
  endpoint: text('endpoint').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectRef: text('subject_ref'),
  filters: jsonb('filters').notNull(),
  outcome: text('outcome').notNull(),
  status: integer('status').notNull(),
  resultCount: integer('result_count').notNull(),
  companyRefs: text('company_refs').array().notNull(),
  personRefs: text('person_refs').array().notNull(),
});

export const retentionRuns = pgTable('retention_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  dryRun: boolean('dry_run').notNull(),
  rawCutoff: timestamp('raw_cutoff', { withTimezone: true }).notNull(),
  personalCutoff: timestamp('personal_cutoff', { withTimezone: true }).notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  counts: jsonb('counts').$type<Record<string, number>>().notNull(),
});

export const riskDirty = pgTable('risk_dirty', {
  companyKey: text('company_key').primaryKey(),
  markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
});
