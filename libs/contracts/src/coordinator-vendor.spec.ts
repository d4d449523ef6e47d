import { isCoordinatorBusinessType } from './coordinator-vendor';

describe('isCoordinatorBusinessType', () => {
  it.each([
    ['Wedding Coordination', true],
    ['Event Planning', true],
    ['wedding planner', true],
    ['WEDDING COORDINATOR', true],
    ['Day-of coordinators', true],
    ['Planners & Stylists', true],
    ['Photography', false],
    ['Catering', false],
    ['Floor plan design', false],
    ['Explanation services', false],
    ['', false],
    [null, false],
    [undefined, false],
  ])('%p → %p', (businessType, expected) => {
    expect(isCoordinatorBusinessType(businessType)).toBe(expected);
  });
});
