// Configuration per app in one validated class: `@Env` names the variable, the field initializer is the default.
import { plainToInstance } from 'class-transformer';
import { registerDecorator, validateSync } from 'class-validator';
import { flattenValidationErrors } from '@wedding/contracts';

const ENV_NAMES = Symbol('env-names');

/** A setting's variable, then the older names it is still read from (first set wins). */
type EnvNames = [variable: string, ...aliases: string[]];
type ConfigClass<T> = { new (): T; [ENV_NAMES]?: Map<string, EnvNames> };

/** Names the variable of a setting; `aliases` are older names still read when the variable itself is not set. */
export function Env(variable: string, ...aliases: string[]): PropertyDecorator {
  return (target, property) => {
    const constructor = target.constructor as ConfigClass<unknown>;
    if (!Object.prototype.hasOwnProperty.call(constructor, ENV_NAMES)) constructor[ENV_NAMES] = new Map();
    constructor[ENV_NAMES]!.set(String(property), [variable, ...aliases]);
  };
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
 * numbers, else of trimmed strings), and validates.
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
