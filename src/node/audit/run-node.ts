// Runs a Node script as a child process and collects its output (stdout and stderr merged);
// `onLine`, if given, sees each line as it arrives (progress of a long compile).
import { spawn } from "node:child_process";

export function runNode(
  args: string[],
  cwd: string,
  onLine?: (line: string) => void,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let pending = "";
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString("utf8");
      output += text;
      if (onLine === undefined) return;
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const l of lines) onLine(l);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", (code) => {
      if (onLine !== undefined && pending !== "") onLine(pending);
      resolve({ code: code ?? 1, output });
    });
  });
}
