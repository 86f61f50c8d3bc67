-- Schema version 2: voucher rows kept from SIE imports, so a figure can be explained down to
-- the individual vouchers. Rows belong to the ledger batch their month amounts were stored in.
CREATE TABLE transactions (
    batch_id     INTEGER NOT NULL,
    series       VARCHAR,
    number       VARCHAR,
    voucher_date DATE,
    voucher_text VARCHAR,
    kind         VARCHAR NOT NULL,   -- TRANS or RTRANS; BTRANS rows are history and not kept
    account      VARCHAR NOT NULL,
    unit         VARCHAR,
    period       DATE NOT NULL,      -- first of the month the row is booked in
    amount       DECIMAL(18, 2) NOT NULL,
    text         VARCHAR,
    line         INTEGER NOT NULL    -- line number in the SIE file
);
