import type { ML_JOBS } from '@marketfleet/jobs';
import { nyDate } from '@marketfleet/market';
import type { HandlerMap } from '@marketfleet/runtime';
import type { ForecastDeps } from '../deps';
import { checkDrift } from './drift-check';
import { evaluateDueForecasts } from './evaluate-due';
import { reweightFromEvidence } from './reweight';
import { checkSkill } from './skill-alerts';
import { trainSymbolWeightsAll } from './train-symbol-weights';

type LearningJobs = 'forecast-evaluation' | 'model-weight-training' | 'drift-check';

/** The learning loop's jobs: evaluation (with the weights and skill check it feeds), training, drift. */
export function learningHandlers(deps: ForecastDeps): Pick<HandlerMap<typeof ML_JOBS>, LearningJobs> {
  return {
    'forecast-evaluation': async () => {
      const e = await evaluateDueForecasts(deps);
      const weights = await reweightFromEvidence(deps);
      const collapsed = await checkSkill(deps);
      const skipped = e.skipped.length ? `; not scorable: ${e.skipped.slice(0, 10).join('; ')}` : '';
      const alerts = collapsed.length ? `; skill collapse: ${collapsed.join('; ')}` : '';
      return { detail: `${e.evaluated} evaluated, ${e.waiting} waiting for their bars${skipped}; weights ${weights.join('; ')}${alerts}` };
    },
    'model-weight-training': async (p) => {
      if (!deps.clock.session(nyDate(deps.now()))) return { status: 'skipped', detail: 'not a session day' };
      const r = await trainSymbolWeightsAll(deps, p.symbols);
      return { detail: `${r.trained} symbol × horizon weights trained` + (r.kept.length ? `; kept ${r.kept.slice(0, 20).join('; ')}` : '') };
    },
    'drift-check': async () => {
      const r = await checkDrift(deps);
      return { detail: `${r.checked} series checked` + (r.drifted.length ? `; drifted ${r.drifted.join(', ')}` : '; none drifted') };
    },
  };
}
