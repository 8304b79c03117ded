-- The issue's yardstick: a durable one-row insert into a one-index table (CREATE TABLE ins(id bigserial primary key, merchant bigint, trade_no text, amount bigint, created bigint)).
INSERT INTO ins(merchant, trade_no, amount, created) VALUES (1, md5(random()::text), 2517000000, 1);
