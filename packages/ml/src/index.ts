// Forecasting and ranking math: pure functions over numbers and bars, no I/O.
export {};
