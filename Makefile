# `make run` and `make test` are all a newcomer needs; see README.md.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run dev test lint format messages browser clean-data

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/python -m pip install --disable-pip-version-check --quiet --upgrade pip
	$(BIN)/python -m pip install --disable-pip-version-check --quiet -r requirements.lock
	touch $@

run: $(VENV)/.installed
	$(BIN)/python -m symposium.launcher run

# The same, with Django's development server reloading on every code change.
dev: $(VENV)/.installed
	$(BIN)/python -m symposium.launcher dev

test: $(VENV)/.installed browser
	$(BIN)/python -m symposium.launcher test $(PYTEST_ARGS)

# Browser tests drive Debian's Chromium; install it when missing and possible.
browser:
	@sh scripts/install-chromium.sh

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerates and compiles the Korean and English message catalogues (needs gettext).
messages: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=symposium.settings.local $(BIN)/python manage.py makemessages -l ko -l en --ignore=.venv --ignore=.local --no-obsolete
	DJANGO_SETTINGS_MODULE=symposium.settings.local $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=.local

# Stops the embedded servers and deletes their data.
clean-data: $(VENV)/.installed
	$(BIN)/python -c "from symposium.embedded import remove_local_data; remove_local_data()"
