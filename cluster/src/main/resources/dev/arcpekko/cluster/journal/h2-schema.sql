-- The tables pekko-persistence-jdbc 1.1.1 reads and writes, as its bundled
-- schema/h2/h2-create-schema.sql defines them (same names, columns, keys and indices), with every
-- statement idempotent because the node applies this file at each start. One deliberate
-- difference: event and snapshot payloads are VARBINARY, not BLOB. H2 keeps BLOBs above 256 bytes
-- in a separate LOB store, an extra write per event; inline payloads made the journal ~60 % faster
-- under load (docs/benchmarks.md). The plugin reads both the same way (JDBC bytes).
-- Statements end with ';' at the end of a line; lines starting with '--' are comments.

CREATE TABLE IF NOT EXISTS PUBLIC."event_journal" (
  "ordering" BIGINT UNIQUE NOT NULL AUTO_INCREMENT,
  "deleted" BOOLEAN DEFAULT FALSE NOT NULL,
  "persistence_id" VARCHAR(255) NOT NULL,
  "sequence_number" BIGINT NOT NULL,
  "writer" VARCHAR NOT NULL,
  "write_timestamp" BIGINT NOT NULL,
  "adapter_manifest" VARCHAR NOT NULL,
  "event_payload" VARBINARY(1000000000) NOT NULL,
  "event_ser_id" INTEGER NOT NULL,
  "event_ser_manifest" VARCHAR NOT NULL,
  "meta_payload" BLOB,
  "meta_ser_id" INTEGER,
  "meta_ser_manifest" VARCHAR,
  PRIMARY KEY ("persistence_id", "sequence_number")
);

CREATE UNIQUE INDEX IF NOT EXISTS "event_journal_ordering_idx"
  ON PUBLIC."event_journal" ("ordering");

CREATE TABLE IF NOT EXISTS PUBLIC."event_tag" (
  "event_id" BIGINT NOT NULL,
  "tag" VARCHAR NOT NULL,
  PRIMARY KEY ("event_id", "tag"),
  CONSTRAINT fk_event_journal FOREIGN KEY ("event_id")
    REFERENCES PUBLIC."event_journal" ("ordering") ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS PUBLIC."snapshot" (
  "persistence_id" VARCHAR(255) NOT NULL,
  "sequence_number" BIGINT NOT NULL,
  "created" BIGINT NOT NULL,
  "snapshot_ser_id" INTEGER NOT NULL,
  "snapshot_ser_manifest" VARCHAR NOT NULL,
  "snapshot_payload" VARBINARY(1000000000) NOT NULL,
  "meta_ser_id" INTEGER,
  "meta_ser_manifest" VARCHAR,
  "meta_payload" BLOB,
  PRIMARY KEY ("persistence_id", "sequence_number")
);

CREATE SEQUENCE IF NOT EXISTS PUBLIC."global_offset_seq";

CREATE TABLE IF NOT EXISTS PUBLIC."durable_state" (
  "global_offset" BIGINT DEFAULT NEXT VALUE FOR PUBLIC."global_offset_seq",
  "persistence_id" VARCHAR(255) NOT NULL,
  "revision" BIGINT NOT NULL,
  "state_payload" BLOB NOT NULL,
  "state_serial_id" INTEGER NOT NULL,
  "state_serial_manifest" VARCHAR,
  "tag" VARCHAR,
  "state_timestamp" BIGINT NOT NULL,
  PRIMARY KEY ("persistence_id")
);

CREATE INDEX IF NOT EXISTS "state_tag_idx" ON PUBLIC."durable_state" ("tag");

CREATE INDEX IF NOT EXISTS "state_global_offset_idx" ON PUBLIC."durable_state" ("global_offset");

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
