-- Work in progress belongs to an instance only for a while (a lease), so that when that instance dies another one
-- finishes the work instead of leaving it processing forever.

-- An order in processing keeps the CSR it is finalized with, the token of the finalization holding it, and when that
-- hold lapses; an instance may take over a lapsed order and issue from the same CSR.
ALTER TABLE acme_orders ADD COLUMN finalize_csr BLOB;
ALTER TABLE acme_orders ADD COLUMN finalize_token TEXT;
ALTER TABLE acme_orders ADD COLUMN finalize_deadline BIGINT;
CREATE INDEX acme_orders_processing ON acme_orders (finalize_deadline) WHERE status = 'PROCESSING';

-- A challenge in processing is validated by one instance until this deadline; after it any instance may validate it.
ALTER TABLE acme_challenges ADD COLUMN processing_deadline BIGINT;
