// The PAC helper functions every browser gives a proxy auto-config script
// (Netscape's 1996 list, as Chrome and Firefox still define them). The host
// functions that need the network, dnsResolve and myIpAddress, are Go's
// (pac.go); everything else is here, in plain ECMAScript 5.

function isPlainHostName(host) {
  return host.indexOf(".") < 0 && host.indexOf(":") < 0;
}

function dnsDomainIs(host, domain) {
  host = String(host).toLowerCase();
  domain = String(domain).toLowerCase();
  return host.length >= domain.length &&
    host.substring(host.length - domain.length) === domain;
}

function localHostOrDomainIs(host, hostdom) {
  host = String(host).toLowerCase();
  hostdom = String(hostdom).toLowerCase();
  return host === hostdom ||
    (host.indexOf(".") < 0 && hostdom.indexOf(host + ".") === 0);
}

function isResolvable(host) {
  return dnsResolve(host) !== null;
}

function dnsDomainLevels(host) {
  return String(host).split(".").length - 1;
}

function __ipv4(s) {
  var m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(String(s));
  if (!m) return null;
  var n = 0;
  for (var i = 1; i <= 4; i++) {
    var b = parseInt(m[i], 10);
    if (b > 255) return null;
    n = n * 256 + b;
  }
  return n;
}

function convert_addr(ipchars) {
  var n = __ipv4(ipchars);
  return n === null ? 0 : n;
}

function isInNet(host, pattern, mask) {
  var ip = __ipv4(host) !== null ? host : dnsResolve(host);
  var a = __ipv4(ip), p = __ipv4(pattern), m = __ipv4(mask);
  if (a === null || p === null || m === null) return false;
  // Bitwise operators are 32-bit signed: compare octet by octet instead.
  for (var i = 0; i < 4; i++) {
    var sh = Math.pow(256, 3 - i);
    var ab = Math.floor(a / sh) % 256, pb = Math.floor(p / sh) % 256, mb = Math.floor(m / sh) % 256;
    if ((ab & mb) !== (pb & mb)) return false;
  }
  return true;
}

function shExpMatch(str, shexp) {
  var re = "^";
  shexp = String(shexp);
  for (var i = 0; i < shexp.length; i++) {
    var c = shexp.charAt(i);
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if ("\\^$.|+()[]{}/".indexOf(c) >= 0) re += "\\" + c;
    else re += c;
  }
  return new RegExp(re + "$").test(String(str));
}

// __args splits a trailing "GMT" off a time function's arguments.
function __args(list) {
  var a = Array.prototype.slice.call(list);
  var gmt = a.length > 0 && a[a.length - 1] === "GMT";
  if (gmt) a.pop();
  return { a: a, gmt: gmt, now: new Date() };
}

// __within: lo <= v <= hi, where a range may wrap around (FRI..MON).
function __within(v, lo, hi) {
  return lo <= hi ? (v >= lo && v <= hi) : (v >= lo || v <= hi);
}

var __days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
var __months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

function weekdayRange() {
  var x = __args(arguments);
  var d = x.gmt ? x.now.getUTCDay() : x.now.getDay();
  var lo = __days.indexOf(String(x.a[0]).toUpperCase());
  var hi = x.a.length > 1 ? __days.indexOf(String(x.a[1]).toUpperCase()) : lo;
  if (lo < 0 || hi < 0) return false;
  return __within(d, lo, hi);
}

// dateRange(day | month | year, ...) with one value or two of the same
// shape: (d1, d2), (m1, m2), (y1, y2), (d1, m1, d2, m2), (m1, y1, m2, y2),
// (d1, m1, y1, d2, m2, y2).
function dateRange() {
  var x = __args(arguments);
  var now = {
    d: x.gmt ? x.now.getUTCDate() : x.now.getDate(),
    m: x.gmt ? x.now.getUTCMonth() : x.now.getMonth(),
    y: x.gmt ? x.now.getUTCFullYear() : x.now.getFullYear()
  };
  var parts = [];
  for (var i = 0; i < x.a.length; i++) {
    var v = x.a[i], mi = __months.indexOf(String(v).toUpperCase());
    if (mi >= 0) parts.push({ k: "m", v: mi });
    else if (typeof v === "number" && v > 31) parts.push({ k: "y", v: v });
    else if (typeof v === "number" && v >= 1) parts.push({ k: "d", v: v });
    else return false;
  }
  if (parts.length === 1) return now[parts[0].k] === parts[0].v;
  if (parts.length % 2 !== 0 || parts.length > 6) return false;
  var half = parts.length / 2;
  // A date as one number, most significant field first.
  var key = function (get) {
    var n = 0;
    for (var j = 0; j < half; j++) {
      var k = parts[j].k;
      if (parts[j + half].k !== k) return null;
      n = n * 10000 + get(j, k);
    }
    return n;
  };
  var order = { y: 0, m: 1, d: 2 };
  for (var a = 0; a < half; a++) {
    for (var b = a + 1; b < half; b++) {
      if (order[parts[b].k] < order[parts[a].k]) {
        var t = parts[a]; parts[a] = parts[b]; parts[b] = t;
        t = parts[a + half]; parts[a + half] = parts[b + half]; parts[b + half] = t;
      }
    }
  }
  var lo = key(function (j) { return parts[j].v; });
  var hi = key(function (j) { return parts[j + half].v; });
  var cur = key(function (j, k) { return now[k]; });
  if (lo === null || hi === null) return false;
  if (parts[0].k === "y") return cur >= lo && cur <= hi;
  return __within(cur, lo, hi);
}

// timeRange(h), (h1, h2), (h1, m1, h2, m2), (h1, m1, s1, h2, m2, s2):
// from the first time to the end of the second.
function timeRange() {
  var x = __args(arguments), a = x.a;
  var h = x.gmt ? x.now.getUTCHours() : x.now.getHours();
  var mi = x.gmt ? x.now.getUTCMinutes() : x.now.getMinutes();
  var s = x.gmt ? x.now.getUTCSeconds() : x.now.getSeconds();
  var cur = h * 3600 + mi * 60 + s;
  var lo, hi;
  switch (a.length) {
  case 1: return h === a[0];
  case 2: lo = a[0] * 3600; hi = a[1] * 3600 + 3599; break;
  case 4: lo = a[0] * 3600 + a[1] * 60; hi = a[2] * 3600 + a[3] * 60 + 59; break;
  case 6: lo = a[0] * 3600 + a[1] * 60 + a[2]; hi = a[3] * 3600 + a[4] * 60 + a[5]; break;
  default: return false;
  }
  return __within(cur, lo, hi);
}
