// Configuration per app in one validated class: `@Env` names the variable, the field initializer is the default.
import { plainToInstance } from 'class-transformer';
import { registerDecorator, validateSync } from 'class-validator';
import { flattenValidationErrors } from '@wedding/contracts';
import { productionSecretProblem } from './production-secrets';

const ENV_NAMES = Symbol('env-names');
const SECRETS = Symbol('secrets');

/** A setting's variable, then the older names it is still read from (first set wins). */
type EnvNames = [variable: string, ...aliases: string[]];
/** When a secret is in use (JWT_SECRET only under HS256). */
type SecretCondition = (config: never) => boolean;
type ConfigClass<T> = { new (): T; [ENV_NAMES]?: Map<string, EnvNames>; [SECRETS]?: Map<string, SecretOptions> };

export interface SecretOptions {
  /** Empty means "not used" (METRICS_TOKEN, SMS_INBOUND_SECRET): checked only when set. */
  optional?: boolean;
  /** Checked only in configurations that use it, e.g. `(c) => c.jwtAlgorithm === 'HS256'`. */
  when?: SecretCondition;
  /** Secrets separated by commas (older keys still read): each is checked. */
  list?: boolean;
}

/** Names the variable of a setting; `aliases` are older names still read when the variable itself is not set. */
export function Env(variable: string, ...aliases: string[]): PropertyDecorator {
  return (target, property) => {
    const constructor = target.constructor as ConfigClass<unknown>;
    if (!Object.prototype.hasOwnProperty.call(constructor, ENV_NAMES)) constructor[ENV_NAMES] = new Map();
    constructor[ENV_NAMES]!.set(String(property), [variable, ...aliases]);
  };
}

/**
 * Marks a setting as a secret: with NODE_ENV=production, loadConfig refuses a published placeholder (its development
 * default included) or anything shorter than 32 bytes, naming the variable (production-secrets.ts).
 */
export function Secret(options: SecretOptions = {}): PropertyDecorator {
  return (target, property) => {
    const constructor = target.constructor as ConfigClass<unknown>;
    if (!Object.prototype.hasOwnProperty.call(constructor, SECRETS)) constructor[SECRETS] = new Map();
    constructor[SECRETS]!.set(String(property), options);
  };
}

/** Why production refuses the config's secrets, one line per variable. */
function productionSecretProblems(configClass: ConfigClass<unknown>, config: Record<string, unknown>, names: Map<string, EnvNames>): string[] {
  const problems: string[] = [];
  for (let c: ConfigClass<unknown> | null = configClass; c && c !== Object; c = Object.getPrototypeOf(c)) {
    for (const [property, options] of Object.prototype.hasOwnProperty.call(c, SECRETS) ? c[SECRETS]! : []) {
      if (options.when && !(options.when as (config: unknown) => boolean)(config)) continue;
      const value = String(config[property] ?? '');
      const values = options.list ? value.split(',').map((item) => item.trim()).filter(Boolean) : [value];
      const variable = names.get(property)?.[0] ?? property;
      for (const [i, item] of values.entries()) {
        if (options.optional && item === '') continue;
        const problem = productionSecretProblem(options.list ? `${variable} (item ${i + 1})` : variable, item);
        if (problem) problems.push(problem);
      }
    }
  }
  return problems;
}

/** The variables of a config class and of the classes it extends. */
function envNames(configClass: ConfigClass<unknown>): Map<string, EnvNames> {
  const names = new Map<string, EnvNames>();
  for (let c: ConfigClass<unknown> | null = configClass; c && c !== Object; c = Object.getPrototypeOf(c)) {
    for (const [property, variable] of Object.prototype.hasOwnProperty.call(c, ENV_NAMES) ? c[ENV_NAMES]! : []) {
      if (!names.has(property)) names.set(property, variable);
    }
  }
  return names;
}

/**
 * Reads the class's variables from `env`, converts numbers and comma-separated lists by their default's type (a list of
 * numbers, else of trimmed strings), and validates; with NODE_ENV=production in `env`, checks the @Secret settings too.
 */
export function loadConfig<T extends object>(
  configClass: ConfigClass<T>,
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<T> = {},
): T {
  const defaults = new configClass() as Record<string, unknown>;
  const raw: Record<string, unknown> = { ...defaults };
  const names = envNames(configClass);
  for (const [property, variables] of names) {
    const value = variables.map((variable) => env[variable]).find((set) => set !== undefined && set !== '');
    if (value === undefined) continue;
    const fallback = defaults[property];
    raw[property] =
      typeof fallback === 'number'
        ? Number(value)
        : Array.isArray(fallback)
          ? value.split(',').map((item) => (typeof fallback[0] === 'string' ? item.trim() : Number(item.trim())))
          : value;
  }
  const config = plainToInstance(configClass, { ...raw, ...overrides });
  const problems = flattenValidationErrors(validateSync(config));
  if (problems.length > 0) {
    const described = problems.map((problem) => {
      const property = problem.split(':')[0].split('.')[0];
      return `${names.get(property)?.[0] ?? property}: ${problem}`;
    });
    throw new Error(`invalid configuration:\n  ${described.join('\n  ')}`);
  }
  if (env.NODE_ENV === 'production') {
    const refused = productionSecretProblems(configClass, config as Record<string, unknown>, names);
    if (refused.length > 0) throw new Error(`invalid configuration for production (NODE_ENV=production):\n  ${refused.join('\n  ')}`);
  }
  return config;
}

/** An IANA time zone name this runtime knows ("Asia/Manila"); checked at start-up instead of on first use. */
export function IsTimeZone(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an IANA time zone such as Asia/Manila` },
      validator: {
        validate: (value: unknown) => {
          try {
            new Intl.DateTimeFormat('en', { timeZone: String(value) });
            return typeof value === 'string';
          } catch {
            return false;
          }
        },
      },
    });
}
