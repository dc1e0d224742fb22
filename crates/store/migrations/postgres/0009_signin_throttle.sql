-- Sign-in throttling by (account, source) pairs instead of lock-outs (see core::throttle).
-- Keys are hashes: neither identifiers, addresses nor device tokens are stored. `source_key`
-- is the known-device key when the browser presented one for the account, else the
-- address key. Old per-key counts are simply dropped: they only ever lived 24 hours.
DROP TABLE login_failures;

CREATE TABLE signin_failures (
    id BIGSERIAL PRIMARY KEY,
    account_key TEXT NOT NULL,
    source_key TEXT NOT NULL,
    address_key TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX signin_failures_pair ON signin_failures(account_key, source_key, at);
CREATE INDEX signin_failures_address ON signin_failures(address_key, at);
CREATE INDEX signin_failures_at ON signin_failures(at);

-- Browsers an account signed in from (a random cookie token, hashed): they are exempt from
-- the account-wide and address delays, so an attack on an account does not keep its owner
-- out.
CREATE TABLE known_devices (
    token_hash TEXT NOT NULL,
    account_key TEXT NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (token_hash, account_key)
);
CREATE INDEX known_devices_used ON known_devices(last_used_at);
