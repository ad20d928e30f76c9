/** Jobs of the ml queue. None yet: forecasts, evaluations and rankings come here. */
export const ML_JOBS = [] as const;
