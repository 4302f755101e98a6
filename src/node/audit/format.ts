// The audit report as text.
import type { AuditReport } from "./types";

export function formatAuditReport(r: AuditReport): string {
  const lines: string[] = [];
  for (const c of r.checks)
    lines.push(
      `${c.status === "ok" ? "  ok  " : c.status === "note" ? " note " : "FAILED"} ${c.message}`,
    );
  for (const c of r.counts) {
    lines.push("", `constraints of ${c.instance}: ${c.constraints}`);
    let sum = 0;
    for (const t of c.templates) {
      sum += t.constraints * t.times;
      lines.push(
        `  ${`${t.template}(${t.params.join(", ")})`.padEnd(36)} ${String(t.constraints).padStart(7)} x ${String(t.times).padStart(2)} = ${String(t.constraints * t.times).padStart(7)}`,
      );
    }
    if (c.templates.length > 0)
      lines.push(`  sum of parts ${sum} (Solvency's own glue: ${c.constraints - sum})`);
  }
  const failed = r.checks.filter((c) => c.status === "failed").length;
  lines.push(
    "",
    r.ok
      ? `audit passed (${r.instances.join(", ")}; ${r.seconds.toFixed(0)} s)`
      : `audit FAILED: ${failed} check(s) failed`,
  );
  return lines.join("\n") + "\n";
}
