package lv604

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/lambdavet/lambdavet/parsers/model"
)

// A secret is what the rule found in a value: what kind of credential it is.
type secret struct {
	kind string
}

// formats are credentials recognised by their shape, whatever the
// variable is called. Each pattern matches the whole value; prefix is the
// fixed part left out when checking for placeholders (sk_test_ is not a
// placeholder for "test").
var formats = []struct {
	kind   string
	prefix *regexp.Regexp
	re     *regexp.Regexp
}{
	{"GitHub token", regexp.MustCompile(`^(ghp|gho|ghu|ghs|ghr)_`), regexp.MustCompile(`^(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}$`)},
	{"GitHub fine-grained token", regexp.MustCompile(`^github_pat_`), regexp.MustCompile(`^github_pat_[A-Za-z0-9_]{70,90}$`)},
	{"GitLab token", regexp.MustCompile(`^glpat-`), regexp.MustCompile(`^glpat-[A-Za-z0-9_-]{20}$`)},
	{"Slack token", regexp.MustCompile(`^xox[abposr]-`), regexp.MustCompile(`^xox[abposr]-[0-9]+-[A-Za-z0-9-]{10,}$`)},
	{"Slack webhook URL", regexp.MustCompile(`^https://hooks\.slack\.com/services/`), regexp.MustCompile(`^https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,}$`)},
	{"Stripe secret key", regexp.MustCompile(`^(sk|rk)_(live|test)_`), regexp.MustCompile(`^(sk|rk)_(live|test)_[A-Za-z0-9]{20,}$`)},
	{"Google API key", regexp.MustCompile(`^AIza`), regexp.MustCompile(`^AIza[0-9A-Za-z_-]{35}$`)},
	{"SendGrid API key", regexp.MustCompile(`^SG\.`), regexp.MustCompile(`^SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$`)},
	{"npm token", regexp.MustCompile(`^npm_`), regexp.MustCompile(`^npm_[A-Za-z0-9]{36}$`)},
	{"OpenAI API key", regexp.MustCompile(`^sk-(proj-|svcacct-|admin-)?`), regexp.MustCompile(`^sk-((proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})$`)},
	{"Anthropic API key", regexp.MustCompile(`^sk-ant-`), regexp.MustCompile(`^sk-ant-(api|admin)[0-9]{2}-[A-Za-z0-9_-]{80,}$`)},
}

var (
	privateKey = regexp.MustCompile(`-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY( BLOCK)?-----`)
	// AWS access key ids (long-term keys of users and roots) and the
	// 40-character secret that goes with them.
	accessKeyID     = regexp.MustCompile(`^(AKIA|ABIA|ACCA)[A-Z2-7]{16}$`)
	secretAccessKey = regexp.MustCompile(`^[A-Za-z0-9/+]{40}$`)
	// identifier is a name made of lower-case words or upper-case words
	// and separators (my-bucket-2024, prod.db.internal, MAX_RETRY_COUNT):
	// random strings are not shaped like that.
	identifier = regexp.MustCompile(`^([a-z0-9]+([-_.:/][a-z0-9]+)+|[A-Z0-9]+([-_.][A-Z0-9]+)+)$`)
)

// placeholders are words that say a value is not a real secret.
var placeholders = []string{
	"example", "changeme", "change_me", "change-me", "placeholder", "your", "replace", "dummy", "fake",
	"sample", "redacted", "xxxx", "****", "....", "todo", "tbd", "insert", "enter", "secret", "password",
	"token", "notreal", "not-real", "invalid", "mock", "test", "demo",
}

// placeholder reports whether s reads as a stand-in for a secret rather
// than one: a word from the list, a template, a run of one character or
// of consecutive characters (abcdefgh, 12345678).
func placeholder(s string) bool {
	l := strings.ToLower(s)
	for _, w := range placeholders {
		if strings.Contains(l, w) {
			return true
		}
	}
	if strings.ContainsAny(s, "<>{}$%") {
		return true // <your-key>, ${...}, {{resolve:...}}, %s
	}
	run, same := 1, 1
	for i := 1; i < len(l); i++ {
		if l[i] == l[i-1]+1 {
			run++
		} else {
			run = 1
		}
		if l[i] == l[i-1] {
			same++
		} else {
			same = 1
		}
		if run >= 6 || same >= 6 {
			return true
		}
	}
	return false
}

// known returns the credential a value is by its shape alone.
func known(s string) (secret, bool) {
	if privateKey.MatchString(s) {
		return secret{kind: "private key"}, !strings.Contains(strings.ToLower(s), "example")
	}
	for _, f := range formats {
		if f.re.MatchString(s) && !placeholder(f.prefix.ReplaceAllString(s, "")) {
			return secret{kind: f.kind}, true
		}
	}
	if cred, ok := urlPassword(s); ok {
		return cred, true
	}
	return secret{}, false
}

// urlPassword finds a password written in a URL
// (postgres://app:s3cr3tPa55@db.internal:5432/app); a local address, a
// password equal to the user name and placeholders are not secrets.
func urlPassword(s string) (secret, bool) {
	if !strings.Contains(s, "://") || !strings.Contains(s, "@") {
		return secret{}, false
	}
	u, err := url.Parse(s)
	if err != nil || u.User == nil {
		return secret{}, false
	}
	pass, ok := u.User.Password()
	host := strings.ToLower(u.Hostname())
	if !ok || len(pass) < 8 || pass == u.User.Username() || placeholder(pass) || placeholder(u.User.Username()) ||
		host == "localhost" || strings.HasPrefix(host, "127.") || host == "host.docker.internal" || host == "" {
		return secret{}, false
	}
	return secret{kind: "password in a URL"}, true
}

// secretWords are the words of a variable name that say its value is a
// secret; notSecretEnds are the last words of names that hold something
// about a secret instead (its ARN, its name, where it is, how long it is).
var (
	secretWords = map[string]bool{
		"SECRET": true, "PASSWORD": true, "PASSWD": true, "PWD": true, "PASS": true, "TOKEN": true,
		"APIKEY": true, "CREDENTIAL": true, "CREDENTIALS": true, "PASSPHRASE": true, "AUTH": true, "HMAC": true,
	}
	keyQualifiers = map[string]bool{ // KEY alone names too much (S3_KEY, KMS_KEY, SORT_KEY)
		"API": true, "ACCESS": true, "PRIVATE": true, "SIGNING": true, "ENCRYPTION": true, "SECRET": true,
		"CLIENT": true, "APP": true, "LICENSE": true, "MASTER": true, "SERVICE": true, "ADMIN": true, "WEBHOOK": true,
	}
	notSecretEnds = map[string]bool{
		"ARN": true, "NAME": true, "ID": true, "IDS": true, "PATH": true, "PARAM": true, "PARAMETER": true,
		"PARAMS": true, "SSM": true, "URL": true, "URI": true, "ENDPOINT": true, "HOST": true, "PORT": true,
		"REGION": true, "TABLE": true, "BUCKET": true, "QUEUE": true, "TOPIC": true, "TTL": true, "EXPIRY": true,
		"EXPIRATION": true, "EXPIRES": true, "LENGTH": true, "SIZE": true, "TIMEOUT": true, "HEADER": true,
		"FIELD": true, "TYPE": true, "VERSION": true, "ENABLED": true, "FILE": true, "LOCATION": true,
		"ALIAS": true, "ROLE": true, "POOL": true, "ISSUER": true, "AUDIENCE": true, "SCOPE": true, "STAGE": true,
		"MODE": true, "FORMAT": true, "PREFIX": true, "SUFFIX": true, "COUNT": true, "LIMIT": true,
		"PROVIDER": true, "METHOD": true, "ALGORITHM": true, "ALG": true, "ARNS": true,
		"STORE": true, "SOURCE": true, "KIND": true, "USER": true, "USERNAME": true, "EMAIL": true,
	}
)

// words splits a variable name into upper-case words: apiKey, API_KEY and
// api-key give API, KEY.
func words(name string) []string {
	ws := model.NameTokens(name)
	for i, w := range ws {
		ws[i] = strings.ToUpper(w)
	}
	return ws
}

// secretName reports whether a variable name says it holds a secret.
func secretName(name string) bool {
	ws := words(name)
	if len(ws) == 0 || notSecretEnds[ws[len(ws)-1]] {
		return false
	}
	for i, w := range ws {
		if secretWords[w] || (w == "KEY" && i > 0 && keyQualifiers[ws[i-1]]) {
			return true
		}
	}
	return false
}

// random reports whether s looks like generated key material rather than a
// word, a name or a number: long enough, no spaces, letters and digits
// mixed, no identifier shape, and at least 3.3 bits of entropy per
// character (a random base-62 string of 16 characters has about 3.7).
func random(s string) bool {
	if len(s) < 16 || len(s) > 4096 || strings.ContainsFunc(s, unicode.IsSpace) || identifier.MatchString(s) || placeholder(s) {
		return false
	}
	if strings.HasPrefix(s, "arn:") || strings.HasPrefix(s, "/") || strings.Contains(s, "://") {
		return false // an ARN, a parameter name or a path, a URL
	}
	letter, digit := false, false
	for _, r := range s {
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	return letter && digit && entropy(s) >= 3.3
}

// entropy is the Shannon entropy of s in bits per character.
func entropy(s string) float64 {
	counts := map[rune]int{}
	n := 0
	for _, r := range s {
		counts[r]++
		n++
	}
	h := 0.0
	for _, c := range counts {
		p := float64(c) / float64(n)
		h -= p * math.Log2(p)
	}
	return h
}
