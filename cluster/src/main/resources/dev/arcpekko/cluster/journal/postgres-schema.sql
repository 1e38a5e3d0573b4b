-- The tables pekko-persistence-jdbc 1.1.1 reads and writes, as its bundled
-- schema/postgres/postgres-create-schema.sql defines them (same names, columns, keys and indices),
-- with every statement idempotent because every node applies this file at each start.
-- Statements end with ';' at the end of a line; lines starting with '--' are comments.

-- Nodes starting together would race on CREATE ... IF NOT EXISTS (PostgreSQL can then fail with a
-- duplicate key in its catalog); this lock, held until the schema transaction commits, makes them
-- take turns. The number is arbitrary but fixed: it names "the ARCP journal schema".
SELECT pg_advisory_xact_lock(4242011001);

CREATE TABLE IF NOT EXISTS public.event_journal (
  ordering BIGSERIAL,
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  deleted BOOLEAN DEFAULT FALSE NOT NULL,
  writer VARCHAR(255) NOT NULL,
  write_timestamp BIGINT,
  adapter_manifest VARCHAR(255),
  event_ser_id INTEGER NOT NULL,
  event_ser_manifest VARCHAR(255) NOT NULL,
  event_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY (persistence_id, sequence_number)
);

CREATE UNIQUE INDEX IF NOT EXISTS event_journal_ordering_idx ON public.event_journal (ordering);

CREATE TABLE IF NOT EXISTS public.event_tag (
  event_id BIGINT,
  tag VARCHAR(256),
  PRIMARY KEY (event_id, tag),
  CONSTRAINT fk_event_journal FOREIGN KEY (event_id)
    REFERENCES public.event_journal (ordering) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS public.snapshot (
  persistence_id VARCHAR(255) NOT NULL,
  sequence_number BIGINT NOT NULL,
  created BIGINT NOT NULL,
  snapshot_ser_id INTEGER NOT NULL,
  snapshot_ser_manifest VARCHAR(255) NOT NULL,
  snapshot_payload BYTEA NOT NULL,
  meta_ser_id INTEGER,
  meta_ser_manifest VARCHAR(255),
  meta_payload BYTEA,
  PRIMARY KEY (persistence_id, sequence_number)
);

CREATE TABLE IF NOT EXISTS public.durable_state (
  global_offset BIGSERIAL,
  persistence_id VARCHAR(255) NOT NULL,
  revision BIGINT NOT NULL,
  state_payload BYTEA NOT NULL,
  state_serial_id INTEGER NOT NULL,
  state_serial_manifest VARCHAR(255),
  tag VARCHAR,
  state_timestamp BIGINT NOT NULL,
  PRIMARY KEY (persistence_id)
);

-- Upstream builds these two CONCURRENTLY, which cannot run inside a transaction; at bootstrap the
-- table is new or the index already exists, so a plain build locks nothing that matters.
CREATE INDEX IF NOT EXISTS state_tag_idx ON public.durable_state (tag);

CREATE INDEX IF NOT EXISTS state_global_offset_idx ON public.durable_state (global_offset);

-- Not part of pekko-persistence-jdbc: the index behind session.list_jobs (runtime
-- dev.arcpekko.runtime.listing, written by cluster JdbcJobIndex), one row per job. A row with
-- row_version 0 is a placeholder holding a seq that arrived before its job's row; it has no owner
-- and is never listed. The same statements run on H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS arcp_job_index (
  job_id VARCHAR(64) NOT NULL,
  owner_principal VARCHAR(1024),
  owner_session_id VARCHAR(64),
  agent_name VARCHAR(256),
  agent_version VARCHAR(256),
  status VARCHAR(16),
  lease VARCHAR,
  parent_job_id VARCHAR(64),
  created_at TIMESTAMP(6) WITH TIME ZONE,
  trace_id VARCHAR(64),
  last_event_seq BIGINT DEFAULT 0 NOT NULL,
  row_version INTEGER DEFAULT 0 NOT NULL,
  PRIMARY KEY (job_id)
);

-- Keyset pages per owner, newest job id first; with a status or an agent filter.
CREATE INDEX IF NOT EXISTS arcp_job_index_owner_idx ON arcp_job_index (owner_principal, job_id);

CREATE INDEX IF NOT EXISTS arcp_job_index_owner_status_idx ON arcp_job_index (owner_principal, status, job_id);

CREATE INDEX IF NOT EXISTS arcp_job_index_owner_agent_idx ON arcp_job_index (owner_principal, agent_name, job_id);

-- Observers of every owner filtering by status.
CREATE INDEX IF NOT EXISTS arcp_job_index_status_idx ON arcp_job_index (status, job_id);

-- Secrets every node must share, generated once: the key that signs list cursors.
CREATE TABLE IF NOT EXISTS arcp_runtime_secret (
  name VARCHAR(64) NOT NULL,
  secret VARCHAR(128) NOT NULL,
  PRIMARY KEY (name)
);

-- Not part of pekko-persistence-jdbc: revoked generations of provisioned credentials (runtime
-- dev.arcpekko.runtime.credentials, written by cluster JdbcCredentialRevocations), which every
-- HmacCredentialVerifier consults. Rows whose expires_at has passed may be deleted (RevocationPurge).
CREATE TABLE IF NOT EXISTS arcp_credential_revocation (
  credential_id VARCHAR(64) NOT NULL,
  generation INTEGER NOT NULL,
  expires_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  revoked_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  PRIMARY KEY (credential_id, generation)
);
-- RevocationPurge deletes by expiry.
CREATE INDEX IF NOT EXISTS arcp_credential_revocation_expiry_idx ON arcp_credential_revocation (expires_at);
