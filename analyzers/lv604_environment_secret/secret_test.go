package lv604

import (
	"testing"

	"github.com/lambdavet/lambdavet/parsers/model"
)

func TestKnown(t *testing.T) {
	for _, s := range []string{
		"ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5",
		"glpat-" + "aB3dE5fG7hJ9kL1mN3pQ",
		"xoxb-" + "284719305162-4917263058174-aB3dE5fG7hJ9kL1mN3pQ5rS7",
		"https://hooks.slack.com/services/" + "T0A1B2C3D/B0A1B2C3D/aB3dE5fG7hJ9kL1mN3pQ5rS7",
		"sk_live_" + "51Hq2LkZx8Rt4Wq7Yp3Nm6Vb9",
		"sk_test_" + "51Hq2LkZx8Rt4Wq7Yp3Nm6Vb9",
		"AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
		"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----",
		"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU\n-----END OPENSSH PRIVATE KEY-----",
		"postgres://app:" + "s9Lq2vXe7Rt4" + "@db.internal.example.net:5432/app",
	} {
		if _, ok := known(s); !ok {
			t.Errorf("known(%q) = false", s)
		}
	}
	for _, s := range []string{
		"ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "xoxb-ENTER YOUR BOT'S ACCESS TOKEN HERE", "sk_live_YOUR_KEY",
		"sk_test_1234567890abcdefghijklmn", "AKIAIOSFODNN7EXAMPLE",
		"-----BEGIN PRIVATE KEY-----\nEXAMPLE\n-----END PRIVATE KEY-----",
		"postgres://postgres:postgres@localhost:5432/db", "postgres://app:${DB_PASSWORD}@db:5432/app",
		"mysql://user:password@db.internal:3306/x", "https://example.com/path", "https://user@host.net/",
		"{{resolve:secretsmanager:prod/db:SecretString:password}}", "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
	} {
		if k, ok := known(s); ok {
			t.Errorf("known(%q) = %q", s, k.kind)
		}
	}
}

func TestSecretName(t *testing.T) {
	for _, n := range []string{"API_KEY", "apiKey", "STRIPE_SECRET_KEY", "DB_PASSWORD", "dbPassword", "CLIENT_SECRET", "AUTH_TOKEN", "GITHUB_TOKEN", "JWT_SECRET", "PRIVATE_KEY", "WEBHOOK_SECRET", "SECRET"} {
		if !secretName(n) {
			t.Errorf("secretName(%q) = false", n)
		}
	}
	for _, n := range []string{"SECRET_ARN", "SECRET_NAME", "TOKEN_TABLE", "API_KEY_ID", "PASSWORD_PARAMETER", "S3_KEY", "KMS_KEY", "PARTITION_KEY", "TABLE_NAME", "AUTH_MODE", "SECRETS_EXTENSION_HTTP_PORT", "TOKEN_URL", "API_KEY_SSM_PATH", "UNIQUE_KEY_LENGTH"} {
		if secretName(n) {
			t.Errorf("secretName(%q) = true", n)
		}
	}
}

func TestRandom(t *testing.T) {
	for _, s := range []string{"Zk7Qp2Lm9Xr4Tb6W", "9f8e7d6c5b4a39281f0e1d2c3b4a5968", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ0s9LmP2a", "Tr0ub4dor&3-Xq9zV!pL"} {
		if !random(s) {
			t.Errorf("random(%q) = false", s)
		}
	}
	for _, s := range []string{"poc-microvm-token-42", "my-app-production-2024", "MAX_RETRY_COUNT_10", "short1A", "abcdefghijklmnop", "0123456789abcdef0123",
		"aaaaaaaaaaaaaaaaaaaa1", "changeme1234567890XY", "/prod/app/db-password", "arn:aws:ssm:us-east-1:123456789012:parameter/x", "https://api.example.net/v1",
		"{{resolve:ssm:/prod/key}}", "KinesisFirehoseHttpEndpointAccessKey", "has spaces in it 12345"} {
		if random(s) {
			t.Errorf("random(%q) = true", s)
		}
	}
}

func TestAccessKeyPair(t *testing.T) {
	m := model.NewMap(model.Range{})
	m.Set("UPLOAD_KEY_ID", model.NewString("AKIA"+"Q3EGRTZ5B7KD2WXN", model.Range{}))
	m.Set("UPLOAD_KEY", model.NewString("k7Rq2Vx9"+"Lm4Tz8Wb3Nc6Yp1Hd5Gf0Js9Ea2Qu7Ix", model.Range{}))
	m.Set("REGION_NAME", model.NewString("eu-west-1", model.Range{}))
	got := secrets(m, nil)
	if len(got) != 1 || got[0].name != "UPLOAD_KEY" || got[0].what != `a literal AWS secret access key (its access key id is in "UPLOAD_KEY_ID")` {
		t.Errorf("secrets = %+v", got)
	}
	// The id alone is no secret; nor is a 40-character value beside none.
	m = model.NewMap(model.Range{})
	m.Set("UPLOAD_KEY_ID", model.NewString("AKIA"+"Q3EGRTZ5B7KD2WXN", model.Range{}))
	m.Set("CHECKSUM", model.NewString("k7Rq2Vx9"+"Lm4Tz8Wb3Nc6Yp1Hd5Gf0Js9Ea2Qu7Ix", model.Range{}))
	if got := secrets(m, nil); len(got) != 1 {
		t.Errorf("secrets with an id = %+v, want the 40-character value beside it", got)
	}
	m = model.NewMap(model.Range{})
	m.Set("CHECKSUM", model.NewString("k7Rq2Vx9"+"Lm4Tz8Wb3Nc6Yp1Hd5Gf0Js9Ea2Qu7Ix", model.Range{}))
	if got := secrets(m, nil); len(got) != 0 {
		t.Errorf("secrets without an id = %+v", got)
	}
}
