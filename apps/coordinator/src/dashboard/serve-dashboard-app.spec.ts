import { dashboardAppConfig, dashboardPageHeaders } from './serve-dashboard-app';

describe("the dashboard page's Content-Security-Policy", () => {
  it.each([
    ['http://127.0.0.1:3003', "connect-src 'self' http://127.0.0.1:3003;"],
    ['https://notify.example.com/base/', "connect-src 'self' https://notify.example.com;"],
    ['', "connect-src 'self';"],
  ])('NOTIFICATIONS_API_URL=%p lets the page call %s', (url, directive) => {
    const policy = dashboardPageHeaders(url)['content-security-policy'];
    expect(policy).toContain(directive);
    expect(policy).toContain("default-src 'self'");
  });
});

describe('/dashboard/config.json', () => {
  it.each([
    ['http://127.0.0.1:3003', 'http://127.0.0.1:3003'],
    ['https://notify.example.com/base/', 'https://notify.example.com/base'],
    ['', ''],
  ])('%p → %p', (url, expected) => {
    expect(dashboardAppConfig(url)).toEqual({ notificationsApiUrl: expected });
  });
});
