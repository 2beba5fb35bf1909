"""Prongsai settings: flat and environment-driven (see docs/deployment.md for every variable)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent

env = environ.Env()
environ.Env.read_env(REPO_DIR / ".env", overwrite=False) if (REPO_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
# The default key only serves local demos; production refuses to start without its own (see checks.py).
SECRET_KEY = env("SECRET_KEY", default="prongsai-insecure-demo-key-change-me-0123456789abcdef")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Production means: not DEBUG and served over HTTPS. Then HSTS, SSL redirect and secure cookies are on.
HTTPS = SITE_URL.startswith("https://")
PRODUCTION = HTTPS and not DEBUG

# Where runtime data lives (SQLite file, uploads); outside the package so `pip install .` works.
DATA_DIR = Path(env("PRONGSAI_DATA_DIR", default=str(REPO_DIR / "var")))

INSTALLED_APPS = [
    # Ours first: where an English word is translated by several catalogues, our wording wins.
    "prongsai.core",
    "prongsai.agencies",
    "prongsai.criteria",
    "prongsai.assessments",
    "prongsai.audit",
    "prongsai.accounts",
    "prongsai.documents",
    "prongsai.plans",
    "prongsai.disclosure",
    "prongsai.surveys",
    "prongsai.registers",
    "prongsai.complaints",
    "prongsai.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ninja",  # serves the API docs' Swagger UI from our own static files (no CDN)
]

MIDDLEWARE = [
    "prongsai.core.middleware.RequestIdMiddleware",
    "prongsai.core.middleware.DatabaseUnavailableMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "prongsai.core.locale.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "prongsai.accounts.middleware.SecondFactorMiddleware",
    "prongsai.core.middleware.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "prongsai.core.middleware.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "prongsai.urls"
WSGI_APPLICATION = "prongsai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "prongsai.core.context_processors.navigation",
            ],
            "builtins": ["prongsai.core.templatetags.thai"],
        },
    }
]

# SQLite by default; DATABASE_URL=postgres://user@host:5432/name for PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'prongsai.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL + a busy timeout let the web process and the job worker share the file safely. Transactions take the
    # write lock when they begin (IMMEDIATE): a transaction that read first and then tried to write would fail
    # at once with "database is locked" under concurrent writers, since the busy timeout cannot help it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    # Django binds parameters client-side, so this only lets the few statements that ask for it (the survey
    # answer's store) be prepared on the server. Behind PgBouncer < 1.21 in transaction mode, set it to -1.
    threshold = env.int("DB_PREPARE_THRESHOLD", default=5)
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None if threshold < 0 else threshold
# A connection that died with the database is replaced on the next request (recovery after an outage).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2 first: new and re-saved passwords use it; older hashes still verify and are upgraded at login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Login throttling (django-axes): the first backend refuses locked-out username+address pairs.
AUTHENTICATION_BACKENDS = [
    "prongsai.accounts.backends.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_VERBOSE = False
AXES_ENABLED = env.bool("LOGIN_THROTTLE_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
# Username + address together: an attacker elsewhere cannot lock a coordinator out of their own desk.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful logins are in the audit trail; failures stay until the cool-off
AXES_CLIENT_IP_CALLABLE = "prongsai.core.middleware.client_address"  # honours TRUSTED_PROXY_COUNT
# Second factor (TOTP, django-otp): members with these roles must enrol; anybody may opt in.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Prongsai")

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
# Each app keeps its own catalogue in <app>/locale/ (so apps can be translated independently).
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(DATA_DIR / "staticfiles")))
# Front-end packages come from npm (package.json); served locally, never from a CDN.
NODE_MODULES = REPO_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, NODE_MODULES / path)
    for prefix, path in [
        ("vendor/bootstrap", "bootstrap/dist"),
        ("vendor/sarabun", "@fontsource/sarabun/files"),
    ]
    if (NODE_MODULES / path).exists()
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Production: whitenoise.storage.CompressedManifestStaticFilesStorage after `prongsai collectstatic`.
    "staticfiles": {"BACKEND": env("STATICFILES_BACKEND", default="whitenoise.storage.CompressedStaticFilesStorage")},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
# Request bodies other than files (forms, JSON); uploads are size-checked by each app's validators.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=5 * 1024 * 1024)
# Fonts for generated PDF/DOCX. An agency may drop its official TH SarabunPSK TTF files here (docs/documents.md).
FONT_DIR = Path(env("PRONGSAI_FONT_DIR", default=str(DATA_DIR / "fonts")))
WHITENOISE_USE_FINDERS = True

# Background jobs: Django's tasks API. The database queue works on SQLite and PostgreSQL;
# `prongsai demo` runs a worker beside the web server (see docs/architecture.md).
TASKS = {"default": {"BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Large deployments: TASKS_BACKEND=prongsai.core.celery_backend.CeleryBackend with Redis (docs/deployment.md).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)

# One cache for rate limits and login throttling; Redis when several app processes share the work.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://prongsai")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "prongsai.core.cache.RedisCache"  # reuses clients; one-trip counters
# Public endpoints (/p/, /s/, /api/): requests per client per window, counted under a keyed hash of the address.
RATE_LIMIT_ENABLED = env.bool("RATE_LIMIT_ENABLED", default=True)
RATE_LIMIT_WINDOW = env.int("RATE_LIMIT_WINDOW", default=60)  # seconds
RATE_LIMIT_READS = env.int("RATE_LIMIT_READS", default=300)  # GET/HEAD per window
RATE_LIMIT_WRITES = env.int("RATE_LIMIT_WRITES", default=60)  # POST/PUT/PATCH/DELETE per window
# Behind a reverse proxy, the client is the last X-Forwarded-For hop the proxy appended (count of proxies).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="prongsai@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 20
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions and CSRF: HTTP-only, same-site, secure over HTTPS; a working day, ended when the browser closes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=PRODUCTION)
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (nginx, a load balancer).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("USE_X_FORWARDED_PROTO", default=False) else None
)
# The Content-Security-Policy (core/middleware.py) is strict; report-only mode lets a site try a change first.
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_REPORT_URI = env("CSP_REPORT_URI", default="")

# Logs: readable lines by default; LOG_FORMAT=json gives one JSON object per line with the request id.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "prongsai.core.middleware.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "prongsai.core.middleware.JsonLogFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {name: {"level": "WARNING"} for name in ("django.db.backends", "axes", "weasyprint", "fontTools")},
}
