-- The CRL reads every revoked certificate that has not expired, oldest revocation first:
--   SELECT serial, revoked_at, revocation_reason FROM certificates
--   WHERE status = 'REVOKED' AND not_after > ? ORDER BY revoked_at
-- This partial index holds exactly the revoked rows, in that order, with every column the read needs, so the read is
-- an index-only scan without a sort: a million revoked certificates among ten million are read without touching the
-- table's pages (each row holds its certificate's DER).
-- status leads the columns so that the planner sees the same equality on it as on certificates_status (V1) and
-- picks this index for the read (without statistics SQLite otherwise took certificates_status and sorted).
-- certificates_status stays: it is the narrowest index over the revoked rows, for counting them at every CRL check.
CREATE INDEX certificates_revoked ON certificates (status, revoked_at, serial, revocation_reason, not_after) WHERE status = 'REVOKED';
