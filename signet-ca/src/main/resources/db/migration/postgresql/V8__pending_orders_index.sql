-- Every new order counts the account's pending and ready orders that have not expired (limits.maxPendingOrders):
--   SELECT COUNT(*) FROM acme_orders WHERE account_id = ? AND status IN ('PENDING', 'READY') AND expires_at > ?
-- Through acme_orders_account (V2) that read visited every order the account ever placed, each one's table row too, so
-- its cost grew with the account's history (5% of the CA's CPU at concurrency 128 after ten minutes, issue 7). This
-- partial index holds only the open orders, by account and expiry, and their status: the count reads the account's
-- open ones alone, from the index. The query names the statuses as literals, so that the planner can see that it
-- implies the index's condition (SQLite still checks the status, hence the column).
CREATE INDEX acme_orders_open ON acme_orders (account_id, expires_at, status) WHERE status IN ('PENDING', 'READY');
