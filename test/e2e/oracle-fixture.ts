/**
 * Fixture of test/e2e/oracle.test.ts: a loopback TCP proxy the test stops and starts (the
 * RPC "goes away" while the chain keeps its state), and the oracle's venue on a node: mock
 * USDC and WBTC, an ERC-4626 vault over USDC (svUSDC, about 1.05 USDC a share), three mock
 * AggregatorV3 feeds (BTC from two sources, USDC), the engine (small instance, mock verifier)
 * with these three tokens, the market template and oracle.json.
 */
import net from "node:net";
import { BaseContract, type Signer, getAddress } from "ethers";
import type { MockAggregatorV3 } from "../../typechain-types/contracts/test/MockAggregatorV3.sol/MockAggregatorV3";
import type { MockERC20 } from "../../typechain-types/contracts/test/MockERC20";
import type { MockERC4626 } from "../../typechain-types/contracts/test/MockERC4626";
import {
  type ContractArtifact,
  type Deployment,
  type MarginEngineClient,
  type TypedContract,
  deployContract,
  deployVenue,
} from "../../src/chain";
import { getInstance } from "../../src/instances";
import { loadHardhatArtifact } from "../../src/node/artifacts";
import { engineArtifact, mockTokenArtifact, poseidonArtifact } from "../../src/node/chain";

export type Feed = TypedContract<MockAggregatorV3>;

const artifact = (file: string, name: string) =>
  loadHardhatArtifact(`contracts/test/${file}.sol`, name) as ContractArtifact;

/** A loopback TCP proxy to `target` that can be stopped (connections cut) and restarted. */
export class RpcProxy {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: number,
  ) {}
  get url() {
    return `http://127.0.0.1:${this.port}`;
  }
  start(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, "127.0.0.1");
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((resolve) => this.server?.listen(this.port, "127.0.0.1", resolve));
  }
  stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export interface OracleVenue {
  engine: MarginEngineClient;
  deployment: Deployment;
  feeds: Record<"btc0" | "btc1" | "usdc", Feed>;
  vault: TypedContract<MockERC4626>;
  market: Record<string, unknown>;
  oracleJson: Record<string, unknown>;
}

/** Deploys the venue from `adminSigner`; `oracleAddress` gets RISK_ROLE. */
export async function deployOracleVenue(
  adminSigner: Signer,
  oracleAddress: string,
): Promise<OracleVenue> {
  const me = await adminSigner.getAddress();
  const token = mockTokenArtifact();
  const usdc = await deployContract(adminSigner, token, ["USD Coin", "USDC", 6]);
  const wbtc = await deployContract(adminSigner, token, ["Wrapped BTC", "WBTC", 8]);
  const v = await deployContract(adminSigner, artifact("MockERC4626", "MockERC4626"), [
    usdc.address,
    "vault USDC",
    "svUSDC",
  ]);
  const agg = artifact("MockAggregatorV3", "MockAggregatorV3");
  const at = <T extends BaseContract>(a: string, art: ContractArtifact) =>
    BaseContract.from<T>(a, art.abi, adminSigner);
  const feeds = {
    btc0: at<MockAggregatorV3>(
      (await deployContract(adminSigner, agg, [8, "BTC / USD"])).address,
      agg,
    ),
    btc1: at<MockAggregatorV3>(
      (await deployContract(adminSigner, agg, [8, "BTC / USD 2"])).address,
      agg,
    ),
    usdc: at<MockAggregatorV3>(
      (await deployContract(adminSigner, agg, [8, "USDC / USD"])).address,
      agg,
    ),
  };
  const vault = at<MockERC4626>(v.address, artifact("MockERC4626", "MockERC4626"));
  const usdcToken = at<MockERC20>(usdc.address, token);
  // 1000 USDC in the vault, then 5 % yield: a share is worth about 1.05 USDC
  await (await usdcToken.mint(me, 1000_000000n)).wait();
  await (await usdcToken.approve(v.address, 1000_000000n)).wait();
  await (await vault.deposit(1000_000000n, me)).wait();
  await (await vault.accrue(50_000000n)).wait();

  const { deployment, engine } = await deployVenue({
    deployer: adminSigner,
    chainId: 31337,
    instance: getInstance("small"),
    engineArtifact: engineArtifact(),
    verifierArtifact: artifact("MockVerifier", "MockVerifier"),
    poseidonArtifact,
    tokens: [usdc.address, wbtc.address, v.address],
    riskOracles: [oracleAddress],
  });
  const market = {
    version: 1,
    epoch: 0,
    timestamp: 1_700_000_000,
    groups: [{ id: "BTC", price: "86500", psr: "0.08", vsr: "0.25" }],
    collateral: [
      { symbol: "USDC", token: usdc.address, decimals: 6, price: "1", haircut: "0.02" },
      {
        symbol: "WBTC",
        token: wbtc.address,
        decimals: 8,
        price: "86500",
        haircut: "0.1",
        group: "BTC",
      },
      { symbol: "svUSDC", token: v.address, decimals: 6, price: "1.05", haircut: "0.05" },
    ],
    instruments: [
      {
        id: "BTC-PERP",
        group: "BTC",
        kind: "perpetual",
        mark: "86500",
        multiplier: "1",
        floor: "865",
      },
    ],
  };
  const f = (a: Feed, extra: Record<string, unknown> = {}) => ({
    address: getAddress(String(a.target)),
    maxAge: 600,
    ...extra,
  });
  const oracleJson = {
    version: 1,
    instance: "small",
    market: "market.json",
    interval: 1,
    maxDeviation: "0.01",
    stressMultiple: "1",
    groups: {
      BTC: {
        feeds: [f(feeds.btc0, { min: "10000", max: "500000", decimals: 8 }), f(feeds.btc1)],
      },
    },
    collateral: {
      USDC: { feeds: [f(feeds.usdc, { min: "0.9", max: "1.1" })] },
      svUSDC: { vault: v.address, underlyingFeeds: [f(feeds.usdc)], maxShareDrop: "0.02" },
    },
  };
  return { engine: engine.engine, deployment, feeds, vault, market, oracleJson };
}
