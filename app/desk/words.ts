/**
 * What binds the maintenance margin, in words, as the CLI says it (src/cli/commands/whatif.ts):
 * the group's worst scenario named in prices and vol direction (src/report/scenario-label.ts,
 * priced at a shifted market's group price when given), plus the joint scenario when groups
 * carry correlations.
 */
import {
  type Binding,
  type RiskTable,
  jointScenarioLabels,
  scenarioLabel,
} from "../../src/browser";

/** "BTC -8% to 79,580, vol up", "the per-contract floor", ... for `b` (see bindingOf). */
export function bindingText(
  table: RiskTable,
  b: Binding | null,
  prices?: Record<string, string> | null,
): string {
  if (!b || b.kind === "none") return "nothing: no margin is required";
  if (b.kind === "floor") return "the per-contract floor (at least the scan)";
  if (b.group === null || b.scenario === null) return "the scan";
  const joint =
    b.jointScenario === null ? "" : `; jointly ${jointScenarioLabels(table, b.jointScenario).long}`;
  return `${scenarioLabel(table, b.group, b.scenario, prices?.[b.group])}${joint}`;
}
