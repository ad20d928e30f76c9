ALTER TABLE "bars" DROP CONSTRAINT "bars_symbol_id_symbols_id_fk";
