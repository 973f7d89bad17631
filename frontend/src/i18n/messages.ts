// Every UI string, Korean first. English must define exactly the same keys (the type enforces it). The shell's
// texts are here; each area keeps its own in dict/ (merged below; a test checks that no key is defined twice).
import * as admin from "./dict/admin";
import * as applicant from "./dict/applicant";
import * as common from "./dict/common";
import * as dashboards from "./dict/dashboards";
import * as data from "./dict/data";
import * as evaluator from "./dict/evaluator";
import * as monitoring from "./dict/monitoring";
import * as program from "./dict/program";
import * as staff from "./dict/staff";

const shellKo = {
  siteName: "제조데이터 활성화 플랫폼",
  skipToContent: "본문 바로가기",
  mainMenu: "주 메뉴",
  utilityMenu: "사용자 메뉴",
  switchLanguage: "English",
  logout: "로그아웃",
  logoutEverywhere: "모든 기기에서 로그아웃",
  loggedInAs: "{name}님",
  sessionLeft: "로그아웃까지 남은 시간",
  extend: "연장",
  loading: "불러오는 중입니다…",
  "role.applicant": "신청기업",
  "role.evaluator": "평가위원",
  "role.staff": "사업담당자",
  "role.admin": "관리자",
  "role.factory": "공장 담당자",
  "area.applications": "내 신청 현황",
  "area.evaluations": "평가 배정",
  "area.programs": "사업 관리",
  "area.monitoring": "데이터 모니터링",
  "area.data": "수기 데이터",
  "area.dashboards": "대시보드",
  "area.users": "사용자 관리",
  "title.login": "로그인",
  "title.home": "홈",
  "title.notFound": "페이지를 찾을 수 없음",
  "title.forbidden": "접근 권한 없음",
  "title.error": "오류",
  "login.heading": "로그인",
  "login.intro": "발급받은 이메일과 비밀번호로 로그인하세요.",
  "login.email": "이메일",
  "login.password": "비밀번호",
  "login.submit": "로그인",
  "login.submitting": "로그인 중…",
  "login.emailRequired": "이메일을 입력하세요.",
  "login.emailInvalid": "이메일 형식이 올바르지 않습니다. 예: name@example.kr",
  "login.passwordRequired": "비밀번호를 입력하세요.",
  "login.failed": "로그인하지 못했습니다.",
  "login.retryAfter": "{seconds}초 후에 다시 시도하세요.",
  "login.sessionExpired": "세션이 만료되었습니다. 다시 로그인하세요.",
  "login.loggedOut": "로그아웃되었습니다.",
  "login.networkError": "서버에 연결하지 못했습니다. 잠시 후 다시 시도하세요.",
  "home.welcome": "{name}님, 환영합니다.",
  "home.roles": "역할: {roles}",
  "home.today": "오늘 {date}",
  "home.sessionUntil": "세션 만료 시각 {time}",
  "home.areas": "이용할 수 있는 메뉴",
  "home.noAreas": "이 계정에 허용된 메뉴가 없습니다. 관리자에게 문의하세요.",
  "notFound.body": "요청하신 페이지가 없거나 주소가 바뀌었습니다. 주소를 확인하거나 홈으로 이동하세요.",
  "forbidden.body": "이 페이지를 볼 권한이 없습니다. 권한이 필요하면 관리자에게 문의하세요.",
  "error.body": "서버와 통신하는 중 문제가 생겼습니다. 잠시 후 다시 시도하세요.",
  "error.detail": "자세한 내용: {message}",
  "error.retry": "다시 시도",
  goHome: "홈으로",
  "session.title": "로그인 시간이 곧 만료됩니다",
  "session.body": "{time} 후 자동으로 로그아웃됩니다. 계속 이용하려면 연장을 누르세요.",
  "session.extendFailed": "연장하지 못했습니다. 다시 로그인하세요.",
  footer: "제조데이터 활성화 플랫폼 · 제조 현장의 데이터를 모으고 활용합니다.",
};

/** The dictionaries that make up the whole: the shell's and each area's (Korean and English each). */
export const PARTS = [
  { name: "shell", ko: shellKo },
  { name: "common", ko: common.ko },
  { name: "program", ko: program.ko },
  { name: "applicant", ko: applicant.ko },
  { name: "evaluator", ko: evaluator.ko },
  { name: "staff", ko: staff.ko },
  { name: "admin", ko: admin.ko },
  { name: "monitoring", ko: monitoring.ko },
  { name: "data", ko: data.ko },
  { name: "dashboards", ko: dashboards.ko },
] as const;

export const ko = { ...shellKo, ...common.ko, ...program.ko, ...applicant.ko, ...evaluator.ko, ...staff.ko, ...admin.ko, ...monitoring.ko, ...data.ko, ...dashboards.ko };

export type MessageKey = keyof typeof ko;
export type Messages = Record<MessageKey, string>;

const shellEn: Record<keyof typeof shellKo, string> = {
  siteName: "Manufacturing Data Activation Platform",
  skipToContent: "Skip to main content",
  mainMenu: "Main menu",
  utilityMenu: "User menu",
  switchLanguage: "한국어",
  logout: "Log out",
  logoutEverywhere: "Log out everywhere",
  loggedInAs: "{name}",
  sessionLeft: "Time until log-out",
  extend: "Extend",
  loading: "Loading…",
  "role.applicant": "Applicant",
  "role.evaluator": "Evaluator",
  "role.staff": "Programme staff",
  "role.admin": "Administrator",
  "role.factory": "Factory user",
  "area.applications": "My applications",
  "area.evaluations": "Evaluation assignments",
  "area.programs": "Programme management",
  "area.monitoring": "Data monitoring",
  "area.data": "Manual data",
  "area.dashboards": "Dashboards",
  "area.users": "User management",
  "title.login": "Log in",
  "title.home": "Home",
  "title.notFound": "Page not found",
  "title.forbidden": "Access denied",
  "title.error": "Error",
  "login.heading": "Log in",
  "login.intro": "Log in with the e-mail address and password you were given.",
  "login.email": "E-mail",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.submitting": "Logging in…",
  "login.emailRequired": "Enter your e-mail address.",
  "login.emailInvalid": "The e-mail address is not valid. Example: name@example.kr",
  "login.passwordRequired": "Enter your password.",
  "login.failed": "Could not log in.",
  "login.retryAfter": "Try again in {seconds} seconds.",
  "login.sessionExpired": "Your session has expired. Please log in again.",
  "login.loggedOut": "You have logged out.",
  "login.networkError": "Could not reach the server. Please try again shortly.",
  "home.welcome": "Welcome, {name}.",
  "home.roles": "Roles: {roles}",
  "home.today": "Today {date}",
  "home.sessionUntil": "Session ends at {time}",
  "home.areas": "Available areas",
  "home.noAreas": "No area is open to this account. Please contact an administrator.",
  "notFound.body": "The page does not exist or has moved. Check the address or go to the home page.",
  "forbidden.body": "You do not have permission to view this page. Ask an administrator if you need it.",
  "error.body": "Something went wrong while talking to the server. Please try again shortly.",
  "error.detail": "Details: {message}",
  "error.retry": "Try again",
  goHome: "Go to home",
  "session.title": "Your session is about to expire",
  "session.body": "You will be logged out in {time}. Choose Extend to keep working.",
  "session.extendFailed": "Could not extend the session. Please log in again.",
  footer: "Manufacturing Data Activation Platform · collecting and using shop-floor data.",
};

export const en: Messages = { ...shellEn, ...common.en, ...program.en, ...applicant.en, ...evaluator.en, ...staff.en, ...admin.en, ...monitoring.en, ...data.en, ...dashboards.en };

export type Lang = "ko" | "en";

export const MESSAGES: Record<Lang, Messages> = { ko, en };

/** A key the dictionary lacks shows as ⟦key⟧, so a page with an untranslated text is easy to find (and test). */
export const MISSING = "⟦";

/** Looks a key up and fills "{name}" placeholders. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = (MESSAGES[lang] as Partial<Messages>)[key];
  if (text === undefined) return `${MISSING}${String(key)}⟧`;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A key built at run time (a status, a kind); ⟦key⟧ when the dictionary has none. */
export function isMessageKey(key: string): key is MessageKey {
  return key in ko;
}
