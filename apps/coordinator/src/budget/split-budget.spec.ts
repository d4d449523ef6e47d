import { PHILIPPINE_DEFAULT_TEMPLATE } from './philippine-default-template';
import { BudgetTemplateLine, formatPesos, splitBudget, templateProblems } from './split-budget';

const centavos = (amount: number) => Math.round(amount * 100);
const sumCentavos = (amounts: number[]) => amounts.reduce((sum, amount) => sum + centavos(amount), 0);
const plannedOf = (split: ReturnType<typeof splitBudget>) => Object.fromEntries(split.lines.map((line) => [line.category, line.planned]));

const thirds: BudgetTemplateLine[] = [
  { category: 'reception-venue', label: 'Venue', basis: 'share', share: 33.33 },
  { category: 'photo-video', label: 'Photo', basis: 'share', share: 33.33 },
  { category: 'styling', label: 'Styling', basis: 'share', share: 33.34 },
];

describe('splitBudget', () => {
  it('prices catering per head with 12% VAT and 10% service charge, souvenirs per head without, and shares the rest', () => {
    const split = splitBudget(800_000, 150, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(split.feasible).toBe(true);
    expect(split.problems).toEqual([]);
    // 1,200 × 150 × 1.12 × 1.10; 120 × 150; what is left: 800,000 − 221,760 − 18,000 − 5,000 = 555,240.
    expect(plannedOf(split)).toEqual({
      catering: 221_760,
      souvenirs: 18_000,
      documents: 5_000,
      'reception-venue': 138_810,
      'photo-video': 99_943.2,
      styling: 77_733.6,
      attire: 66_628.8,
      coordination: 44_419.2,
      music: 33_314.4,
      ceremony: 38_866.8,
      contingency: 55_524,
    });
    expect(split.plannedTotal).toBe(800_000);
    expect(split.lines.find((line) => line.category === 'catering')!.note).toBe(
      '₱1,200 per guest × 150 guests, plus 12% VAT and 10% service charge',
    );
    expect(split.lines.find((line) => line.category === 'contingency')!.note).toBe(
      '10% of ₱555,240 left after per-guest and fixed lines',
    );
  });

  it.each([
    [100_000, 1],
    [100_000.01, 1],
    [100_000.02, 1],
    [0.01, 1],
    [0.02, 1],
    [999_999_999_999.99, 1],
    [1_234_567.89, 1],
  ])('three shares of %p add up to it to the centavo', (total, guests) => {
    const split = splitBudget(total, guests, thirds);
    expect(sumCentavos(split.lines.map((line) => line.planned))).toBe(centavos(total));
    expect(split.plannedTotal).toBe(total);
    // Every line has whole centavos, and no two shares differ by more than their weights and one centavo.
    for (const line of split.lines) expect(Number.isInteger(centavos(line.planned))).toBe(true);
  });

  it('gives the left-over centavo to the largest remainder, the earlier line on a tie', () => {
    // 100.00 in thirds of 33.33 / 33.33 / 33.34: 33.33, 33.33, 33.34 exactly.
    expect(splitBudget(100, 1, thirds).lines.map((line) => line.planned)).toEqual([33.33, 33.33, 33.34]);
    // 0.01 split 50/50: the first line gets it.
    const halves: BudgetTemplateLine[] = [
      { category: 'music', label: 'Music', basis: 'share', share: 50 },
      { category: 'cake', label: 'Cake', basis: 'share', share: 50 },
    ];
    expect(splitBudget(0.01, 1, halves).lines.map((line) => line.planned)).toEqual([0.01, 0]);
    expect(splitBudget(0.03, 1, halves).lines.map((line) => line.planned)).toEqual([0.02, 0.01]);
  });

  it.each([
    [150, 1_800_000],
    [151, 2_345_678.91],
    [7, 99_999.99],
    [1, 500_000_000.01],
  ])('the default template for %p guests adds up to a total of %p to the centavo', (guests, total) => {
    const split = splitBudget(total, guests, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(split.feasible).toBe(true);
    expect(sumCentavos(split.lines.map((line) => line.planned))).toBe(centavos(total));
  });

  it('rounds a per-guest line half up to the centavo', () => {
    const lines: BudgetTemplateLine[] = [
      { category: 'catering', label: 'Catering', basis: 'per-guest', perGuest: 0.03, vatAndServiceCharge: true },
      { category: 'contingency', label: 'Contingency', basis: 'share', share: 100 },
    ];
    // 0.03 × 1.232 = 0.03696 → 0.04; × 3 guests = 0.11088 → 0.11.
    expect(plannedOf(splitBudget(10, 1, lines)).catering).toBe(0.04);
    expect(plannedOf(splitBudget(10, 3, lines)).catering).toBe(0.11);
    expect(plannedOf(splitBudget(10, 3, lines)).contingency).toBe(9.89);
  });

  it('rescales the per-guest lines when the guest count changes, and the shares take what is left', () => {
    const before = plannedOf(splitBudget(800_000, 150, PHILIPPINE_DEFAULT_TEMPLATE));
    const after = splitBudget(800_000, 180, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(plannedOf(after).catering).toBe(266_112);
    expect(plannedOf(after).souvenirs).toBe(21_600);
    expect(plannedOf(after).documents).toBe(before.documents);
    expect(plannedOf(after)['reception-venue']).toBeLessThan(before['reception-venue']);
    expect(after.plannedTotal).toBe(800_000);
  });

  it('says plainly that catering alone exceeds the total', () => {
    const split = splitBudget(150_000, 150, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(split.feasible).toBe(false);
    expect(split.problems).toEqual(['Catering for 150 guests (₱221,760) alone exceeds the total budget of ₱150,000']);
    // The per-guest and fixed lines keep their amounts; the shares get nothing.
    expect(plannedOf(split)).toMatchObject({ catering: 221_760, souvenirs: 18_000, documents: 5_000, 'reception-venue': 0, contingency: 0 });
    expect(split.plannedTotal).toBe(244_760);
  });

  it('says by how much per-guest and fixed lines together exceed the total', () => {
    const split = splitBudget(240_000, 150, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(split.feasible).toBe(false);
    expect(split.problems).toEqual([
      'Catering, Souvenirs, Documents and licence for 150 guests come to ₱244,760, ₱4,760 more than the total budget of ₱240,000',
    ]);
  });

  it('is feasible when per-guest and fixed lines take exactly the total', () => {
    const split = splitBudget(244_760, 150, PHILIPPINE_DEFAULT_TEMPLATE);
    expect(split.feasible).toBe(true);
    expect(split.plannedTotal).toBe(244_760);
  });

  it('uses only the total it is given: a fee of 75,000 is not an input', () => {
    // The booking's budgetRange is the coordinator's fee (domain/budget.ts); the split has no parameter for it.
    expect(splitBudget.length).toBe(3);
    expect(splitBudget(1_000_000, 100, PHILIPPINE_DEFAULT_TEMPLATE).plannedTotal).toBe(1_000_000);
  });
});

describe('templateProblems', () => {
  it('accepts the shipped default', () => {
    expect(templateProblems(PHILIPPINE_DEFAULT_TEMPLATE)).toEqual([]);
  });

  it.each<[string, BudgetTemplateLine[], string[]]>([
    ['shares short of 100%', [{ category: 'music', label: 'Music', basis: 'share', share: 90 }], ['the shares add up to 90%, not 100%']],
    [
      'a duplicate category',
      [
        { category: 'music', label: 'Music', basis: 'share', share: 50 },
        { category: 'music', label: 'Band', basis: 'share', share: 50 },
      ],
      ['category music appears more than once'],
    ],
    [
      'no share line',
      [{ category: 'catering', label: 'Catering', basis: 'per-guest', perGuest: 1_000 }],
      ['at least one share line is needed to take what per-guest and fixed lines leave'],
    ],
    [
      'a figure of another basis',
      [{ category: 'music', label: 'Music', basis: 'share', share: 100, fixed: 5 }],
      ['music: fixed is only for fixed lines'],
    ],
    [
      'a per-guest line without its price',
      [
        { category: 'catering', label: 'Catering', basis: 'per-guest' },
        { category: 'music', label: 'Music', basis: 'share', share: 100 },
      ],
      ['catering: a per-guest line needs perGuest'],
    ],
    [
      'VAT on a fixed line',
      [
        { category: 'documents', label: 'Docs', basis: 'fixed', fixed: 1, vatAndServiceCharge: true },
        { category: 'music', label: 'Music', basis: 'share', share: 100 },
      ],
      ['documents: vatAndServiceCharge is only for per-guest lines'],
    ],
    [
      'shares of two decimals that add up',
      [
        { category: 'music', label: 'Music', basis: 'share', share: 33.33 },
        { category: 'cake', label: 'Cake', basis: 'share', share: 66.67 },
      ],
      [],
    ],
  ])('%s', (_case, lines, problems) => {
    expect(templateProblems(lines)).toEqual(problems);
  });
});

describe('formatPesos', () => {
  it.each([
    [0, '₱0'],
    [150_000, '₱150,000'],
    [214_200, '₱214,200'],
    [1_234.5, '₱1,234.50'],
    [0.07, '₱0.07'],
    [999_999_999_999.99, '₱999,999,999,999.99'],
  ])('%p → %p', (amount, text) => {
    expect(formatPesos(amount)).toBe(text);
  });
});
