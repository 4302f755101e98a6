/**
 * Loading the oracle's inputs from disk: oracle.json, its market template (a path relative to
 * oracle.json, or inline) and the last calibration's fragment.json; checked together at
 * start-up (every group and collateral token priced; the calibrated template a valid
 * market), so a bad file is refused before the first round.
 */
import path from "node:path";
import { InputError } from "../../errors";
import {
  type CalibrationFragment,
  type OracleConfig,
  calibratedTemplate,
  checkConfigMarket,
  parseCalibrationFragment,
  parseOracleConfig,
  unusedCalibration,
} from "../../oracle";
import { type Market, parseMarket } from "../../schema";
import { readJsonFile } from "../files";

export interface OracleSetup {
  file: string;
  config: OracleConfig;
  template: Market;
  /** Where the template came from (a file, or `<oracle.json>: market`). */
  templateSource: string;
  calibration?: CalibrationFragment;
  calibrationFile?: string;
  /** Non-fatal notes (calibration entries the template does not have). */
  warnings: string[];
}

/** Reads and cross-checks oracle.json, the template and the calibration. */
export function loadOracleSetup(file: string): OracleSetup {
  const config = parseOracleConfig(readJsonFile(file), file);
  const dir = path.dirname(path.resolve(file));
  let template: Market;
  let templateSource: string;
  if (typeof config.market === "string") {
    templateSource = path.resolve(dir, config.market);
    template = parseMarket(readJsonFile(templateSource), templateSource);
  } else {
    templateSource = `${file}: market`;
    template = parseMarket(config.market, templateSource);
  }
  checkConfigMarket(config, template, file);
  const warnings: string[] = [];
  let calibration: CalibrationFragment | undefined;
  let calibrationFile: string | undefined;
  if (config.calibration !== undefined) {
    calibrationFile = path.resolve(dir, config.calibration);
    calibration = parseCalibrationFragment(readJsonFile(calibrationFile), calibrationFile);
    for (const p of unusedCalibration(template, calibration))
      warnings.push(`${calibrationFile}: ${p}: not in the market template (not applied)`);
    try {
      calibratedTemplate(template, calibration, `${templateSource} with ${calibrationFile}`);
    } catch (e) {
      if (e instanceof InputError)
        throw new InputError(calibrationFile, e.path, `makes the template invalid: ${e.rule}`);
      throw e;
    }
  }
  return {
    file,
    config,
    template,
    templateSource,
    ...(calibration ? { calibration, calibrationFile } : {}),
    warnings,
  };
}
