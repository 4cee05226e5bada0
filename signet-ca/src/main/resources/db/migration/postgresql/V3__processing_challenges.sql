-- Challenges left processing by a stopped instance are found at start and validated again.
CREATE INDEX acme_challenges_processing ON acme_challenges (status) WHERE status = 'PROCESSING';
