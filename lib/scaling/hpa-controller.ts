import { DEFAULT_SCALE_DOWN as API_SCALE_DOWN, DEFAULT_SCALE_UP as API_SCALE_UP } from "./validate-hpa-defaults";
import type { HpaScalingRules } from "./validate-types";

/**
 * The HorizontalPodAutoscaler controller's decision, step by step, as kube-controller-
 * manager 1.35 takes it (pkg/controller/podautoscaler/horizontal.go and
 * replica_calculator.go): per metric a usage ratio against its target, kept at the
 * current count inside the tolerance and otherwise ceil(ratio × replicas); the highest
 * proposal of all metrics; then, with `behavior`, the stabilization windows (scale-up
 * takes the lowest, scale-down the highest recommendation of its window) and the rate
 * policies (Pods / Percent per period, selectPolicy Max / Min / Disabled, counted from
 * the replicas at the start of each period); without `behavior`, the legacy 5-minute
 * scale-down stabilization and a scale-up limit of max(2 × current, 4). Min and max
 * bound everything. Used by the replay of a profile on real history and by the
 * simulator, so both scale as a cluster would. Pure.
 */

export interface ScalingPolicy {
  type: "Pods" | "Percent";
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds: number;
  selectPolicy: "Max" | "Min" | "Disabled";
  policies: ScalingPolicy[];
  /** share of the target within which nothing changes (default 0.1, the controller's --horizontal-pod-autoscaler-tolerance) */
  tolerance: number;
}

export interface ControllerSpec {
  minReplicas: number;
  maxReplicas: number;
  /** null: the HPA has no `behavior` and the legacy rules apply */
  behavior: { scaleUp: ScalingRules; scaleDown: ScalingRules } | null;
}

/** The controller's flags (kube-controller-manager defaults). */
export const CONTROLLER_DEFAULTS = { syncPeriodSeconds: 15, tolerance: 0.1, downscaleStabilizationSeconds: 300 } as const;

/** The API server's default behavior (validate-hpa-defaults.ts, from defaults.go) as the controller runs it. */
function asRules(api: HpaScalingRules, stabilization: number): ScalingRules {
  return {
    stabilizationWindowSeconds: api.stabilizationWindowSeconds ?? stabilization,
    selectPolicy: api.selectPolicy === "Min" || api.selectPolicy === "Disabled" ? api.selectPolicy : "Max",
    policies: (api.policies ?? []).map((p) => ({ type: p.type === "Pods" ? "Pods" : "Percent", value: Number(p.value), periodSeconds: Number(p.periodSeconds) })),
    tolerance: CONTROLLER_DEFAULTS.tolerance,
  };
}

export const DEFAULT_SCALE_UP: ScalingRules = asRules(API_SCALE_UP, 0);
// the API leaves scale-down stabilization unset: the controller's --horizontal-pod-autoscaler-downscale-stabilization (300 s)
export const DEFAULT_SCALE_DOWN: ScalingRules = asRules(API_SCALE_DOWN, CONTROLLER_DEFAULTS.downscaleStabilizationSeconds);

interface Timed {
  t: number;
  value: number;
}

/** What the controller remembers between syncs (in memory in kube-controller-manager). */
export interface ControllerState {
  recommendations: Timed[];
  scaleUpEvents: Timed[];
  scaleDownEvents: Timed[];
}

export const newControllerState = (): ControllerState => ({ recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });

/** One metric's proposal: the current count inside the tolerance band, else ceil(ratio × current). */
export function proposalForRatio(usageRatio: number, currentReplicas: number, tolerance: { up: number; down: number }): number {
  if (!Number.isFinite(usageRatio)) return currentReplicas;
  if (1 - tolerance.down <= usageRatio && usageRatio <= 1 + tolerance.up) return currentReplicas;
  return Math.ceil(usageRatio * currentReplicas);
}

const changeInPeriod = (events: Timed[], now: number, periodSeconds: number) => events.reduce((n, e) => (e.t > now - periodSeconds ? n + e.value : n), 0);

function scaleUpLimit(current: number, now: number, s: ControllerState, rules: ScalingRules): number {
  if (rules.selectPolicy === "Disabled") return current;
  let result = rules.selectPolicy === "Min" ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(s.scaleUpEvents, now, p.periodSeconds) + changeInPeriod(s.scaleDownEvents, now, p.periodSeconds);
    const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = rules.selectPolicy === "Min" ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

function scaleDownLimit(current: number, now: number, s: ControllerState, rules: ScalingRules): number {
  if (rules.selectPolicy === "Disabled") return current;
  let result = rules.selectPolicy === "Min" ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(s.scaleUpEvents, now, p.periodSeconds) + changeInPeriod(s.scaleDownEvents, now, p.periodSeconds);
    // int32(float64(start) * (1 - value/100)): truncation, as the controller does
    const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = rules.selectPolicy === "Min" ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

export type LimitReason = "DesiredWithinRange" | "ScaleUpLimit" | "TooManyReplicas" | "ScaleDownLimit" | "TooFewReplicas" | "ScaleUpStabilized" | "ScaleDownStabilized";

export interface StepResult {
  /** the replica count the controller sets */
  replicas: number;
  /** the metrics' proposal before stabilization and limits */
  proposal: number;
  /** why the count is not the proposal, when it is not */
  limitedBy: LimitReason | null;
}

const longestPeriod = (rules: ScalingRules) => rules.policies.reduce((m, p) => Math.max(m, p.periodSeconds), 0);

/**
 * One sync at time `now` (seconds): the replica count the controller sets, given the
 * metrics' proposal (the highest of each metric's `proposalForRatio`). Updates `state`.
 */
export function controllerStep(spec: ControllerSpec, state: ControllerState, now: number, currentReplicas: number, proposal: number): StepResult {
  const min = spec.minReplicas;
  if (currentReplicas === 0 && min !== 0) return { replicas: 0, proposal, limitedBy: null };
  if (currentReplicas > spec.maxReplicas) return record(spec, state, now, currentReplicas, { replicas: spec.maxReplicas, proposal, limitedBy: "TooManyReplicas" });
  if (currentReplicas < min) return record(spec, state, now, currentReplicas, { replicas: min, proposal, limitedBy: "TooFewReplicas" });

  if (!spec.behavior) {
    // legacy: the highest recommendation of the last 5 minutes, scale-up at most max(2 × current, 4)
    const cutoff = now - CONTROLLER_DEFAULTS.downscaleStabilizationSeconds;
    state.recommendations = state.recommendations.filter((r) => r.t >= cutoff);
    const stabilized = state.recommendations.reduce((m, r) => Math.max(m, r.value), proposal);
    state.recommendations.push({ t: now, value: proposal });
    const upLimit = Math.max(2 * currentReplicas, 4);
    const maxAllowed = Math.min(spec.maxReplicas, upLimit);
    let replicas = stabilized;
    let limitedBy: LimitReason | null = stabilized !== proposal ? "ScaleDownStabilized" : null;
    if (stabilized < min) [replicas, limitedBy] = [min, "TooFewReplicas"];
    else if (stabilized > maxAllowed) [replicas, limitedBy] = [maxAllowed, spec.maxReplicas > upLimit ? "ScaleUpLimit" : "TooManyReplicas"];
    return { replicas, proposal, limitedBy };
  }

  const { scaleUp, scaleDown } = spec.behavior;
  // stabilization: recommendations within each window (the proposal itself included)
  const upCutoff = now - scaleUp.stabilizationWindowSeconds;
  const downCutoff = now - scaleDown.stabilizationWindowSeconds;
  let up = proposal;
  let down = proposal;
  for (const r of state.recommendations) {
    if (r.t > upCutoff) up = Math.min(up, r.value);
    if (r.t > downCutoff) down = Math.max(down, r.value);
  }
  state.recommendations = state.recommendations.filter((r) => r.t >= upCutoff || r.t >= downCutoff);
  state.recommendations.push({ t: now, value: proposal });
  let desired = Math.min(Math.max(currentReplicas, up), down);
  let limitedBy: LimitReason | null = desired !== proposal ? (proposal >= currentReplicas ? "ScaleUpStabilized" : "ScaleDownStabilized") : null;

  if (desired > currentReplicas) {
    const limit = Math.max(scaleUpLimit(currentReplicas, now, state, scaleUp), currentReplicas);
    const maxAllowed = Math.min(spec.maxReplicas, limit);
    if (desired > maxAllowed) [desired, limitedBy] = [maxAllowed, spec.maxReplicas > limit ? "ScaleUpLimit" : "TooManyReplicas"];
  } else if (desired < currentReplicas) {
    const limit = Math.min(scaleDownLimit(currentReplicas, now, state, scaleDown), currentReplicas);
    const minAllowed = Math.max(min, limit);
    if (desired < minAllowed) [desired, limitedBy] = [minAllowed, min < limit ? "ScaleDownLimit" : "TooFewReplicas"];
  }
  return record(spec, state, now, currentReplicas, { replicas: desired, proposal, limitedBy });
}

/**
 * A rescale is remembered for the rate policies (only with `behavior`, as the
 * controller does), the controller's way: events older than the direction's longest
 * policy period are marked outdated and the last of them is overwritten by the new one,
 * so an outdated event can linger, and still counts for a longer period of the other
 * direction's policies (getReplicasChangePerPeriod does not look at the mark).
 */
function record(spec: ControllerSpec, state: ControllerState, now: number, current: number, r: StepResult): StepResult {
  if (!spec.behavior || r.replicas === current) return r;
  const up = r.replicas > current;
  const events = up ? state.scaleUpEvents : state.scaleDownEvents;
  const cutoff = now - longestPeriod(up ? spec.behavior.scaleUp : spec.behavior.scaleDown);
  let slot = -1;
  events.forEach((e, i) => {
    if (e.t < cutoff) slot = i;
  });
  const event = { t: now, value: Math.abs(r.replicas - current) };
  if (slot >= 0) events[slot] = event;
  else events.push(event);
  return r;
}
