/**
 * `zkmargin app` (`npm run app`): builds the web page and browser SDK (src/node/app/build.ts)
 * and serves them. With no chain given it starts a local venue (src/node/app/local-venue.ts):
 * a Hardhat node with the engine deployed and the example trader waiting for a renewal.
 * The market the current risk table was built from is served as /market.json (--market, or
 * the local venue's): the page's what-if tools re-run the margin maths on it (docs/WHATIF.md,
 * served as /docs/WHATIF.md).
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { getAddress, isAddress } from "ethers";
import { InputError } from "../../errors";
import { instanceNames } from "../../instances";
import { buildRiskTable, parseRiskTable, serializeRiskTable } from "../../risk-table";
import { parseMarket } from "../../schema";
import { releaseProverThreads } from "../../proof";
import { buildApp } from "../../node/app/build";
import { type LocalVenue, startLocalVenue } from "../../node/app/local-venue";
import { type ExtraRoute, serveApp } from "../../node/app/server";
import { loadDeployment } from "../../node/chain";
import { readJsonFile } from "../../node/files";
import { projectRoot } from "../../node/artifacts";
import { stageTimer } from "../progress";
import { printJson } from "../run";

interface AppOptions {
  port: string;
  host: string;
  instance: string;
  rpc?: string;
  engine?: string;
  deployment?: string;
  risk?: string;
  market?: string;
  json?: boolean;
}

const json = (v: unknown): ExtraRoute => ({
  body: JSON.stringify(v, null, 2) + "\n",
  type: "application/json; charset=utf-8",
});

/** Registers `app`. */
export function registerAppCommand(program: Command): void {
  program
    .command("app")
    .description(
      "build and serve the web page (prove in the browser, submit through a wallet); with no " +
        "--rpc/--deployment it starts a local Hardhat venue with the example trader",
    )
    .option("--port <n>", "port to serve on (0 = any free port)", "5173")
    .option("--host <h>", "address to listen on", "127.0.0.1")
    .option(
      "--instance <name>",
      `circuit instance of the local venue (${instanceNames().join(" | ")})`,
      "standard",
    )
    .option("--rpc <url>", "JSON-RPC endpoint the page submits through (no local venue)")
    .option("--engine <address>", "MarginEngine address (with --rpc)")
    .option("--deployment <deployment.json>", "engine address and chain from `zkmargin deploy`")
    .option("--risk <risk.json>", "the current risk table, served to the page as risk.json")
    .option(
      "--market <market.json>",
      "the market the risk table was built from, served as market.json (the page's what-if)",
    )
    .option("--json", "print the served URLs as one JSON line once ready")
    .action(async (opts: AppOptions) => {
      const port = Number(opts.port);
      if (!/^[0-9]{1,5}$/.test(opts.port) || port > 65535)
        throw new InputError("command line", "--port", "must be a port number 0..65535");
      if (!instanceNames().includes(opts.instance))
        throw new InputError(
          "command line",
          "--instance",
          `must be one of ${instanceNames().join(", ")}`,
        );
      if (opts.engine !== undefined && !isAddress(opts.engine))
        throw new InputError("command line", "--engine", "must be a 0x address");
      let riskJson: string | undefined;
      if (opts.risk !== undefined)
        riskJson = serializeRiskTable(parseRiskTable(readJsonFile(opts.risk), opts.risk));
      let marketJson: string | undefined;
      if (opts.market !== undefined) {
        const raw = readJsonFile(opts.market);
        const market = parseMarket(raw, opts.market);
        if (riskJson !== undefined) {
          const risk = parseRiskTable(JSON.parse(riskJson), opts.risk);
          const root = buildRiskTable(market, risk.instance.name, opts.market).riskRoot;
          if (root !== risk.riskRoot)
            throw new InputError(
              "command line",
              "--market",
              `${opts.market} does not build the risk table of --risk (risk root ${root} is not ${risk.riskRoot})`,
            );
        }
        marketJson = JSON.stringify(raw, null, 2) + "\n";
      }
      let engine = opts.engine ? getAddress(opts.engine) : undefined;
      let subAccounts: string | undefined;
      let chainId: number | undefined;
      if (opts.deployment !== undefined) {
        const d = loadDeployment(opts.deployment);
        engine = engine ?? getAddress(d.addresses.engine);
        subAccounts = d.addresses.subAccounts;
        chainId = d.chainId;
      }
      const local = opts.rpc === undefined && opts.deployment === undefined;
      const step = stageTimer(opts.json === true);

      step("building the page and the browser SDK (esbuild)");
      const built = await buildApp();
      const instances = Object.keys(built.keys);
      step(
        `built ${built.outDir}: keys of ${instances.join(", ") || "no instance"}` +
          (built.skipped.length > 0 ? ` (skipped ${built.skipped.join("; ")})` : ""),
      );
      if (local && !instances.includes(opts.instance))
        throw new InputError(
          "command line",
          "--instance",
          `no built keys for "${opts.instance}": run \`npm run circuits\` first`,
        );

      let venue: LocalVenue | undefined;
      if (local) {
        step(`starting the local venue (${opts.instance} instance, DEVELOPMENT keys)`);
        venue = await startLocalVenue(opts.instance, (l) => step(`local venue: ${l}`));
        await releaseProverThreads();
        riskJson = venue.riskJson;
        marketJson = venue.marketJson;
        engine = venue.engine;
        subAccounts = venue.subAccounts;
        chainId = venue.chainId;
      }
      const config = {
        rpcUrl: venue?.rpcUrl ?? opts.rpc ?? null,
        engine: engine ?? null,
        subAccounts: subAccounts ?? null,
        chainId: chainId ?? null,
        riskUrl: riskJson !== undefined ? "risk.json" : null,
        marketUrl: marketJson !== undefined ? "market.json" : null,
        account: venue?.trader ?? null,
        local,
        examples: venue
          ? { portfolio: "examples/portfolio.json", balances: "examples/balances.json" }
          : null,
      };
      const routes: Record<string, ExtraRoute> = { "/config.json": json(config) };
      if (riskJson !== undefined)
        routes["/risk.json"] = { body: riskJson, type: "application/json; charset=utf-8" };
      if (marketJson !== undefined)
        routes["/market.json"] = { body: marketJson, type: "application/json; charset=utf-8" };
      routes["/docs/WHATIF.md"] = {
        body: fs.readFileSync(path.join(projectRoot(), "docs", "WHATIF.md")),
        type: "text/plain; charset=utf-8",
      };
      if (venue) {
        routes["/examples/portfolio.json"] = json(readJsonFile(venue.portfolioFile));
        routes["/examples/balances.json"] = json(readJsonFile(venue.balancesFile));
      }
      const server = await serveApp({ dir: built.outDir, port, host: opts.host, routes });
      const ready = { url: server.url, ...config, instances };
      if (opts.json) printJson(ready);
      else {
        step(`serving ${server.url}`);
        process.stderr.write(
          `\n  open ${server.url}\n` +
            (venue
              ? `  local chain ${venue.rpcUrl} (chain ${venue.chainId}), engine ${venue.engine}\n` +
                `  example trader ${venue.trader}: load examples/portfolio-perps.json and balances-perps.json,\n` +
                `  then "Prove and submit" renews the account for epoch 2.\n`
              : "") +
            `  Ctrl-C to stop.\n`,
        );
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await server.close();
      await venue?.stop();
    });
}
