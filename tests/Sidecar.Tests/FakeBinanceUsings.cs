// The fake Binance lives in its venue's folder (tests/Sidecar.FakeExchange/Binance/) like every other fake; this keeps
// the tests that start it free of one more using line each.
global using Sidecar.FakeExchange.Binance;
