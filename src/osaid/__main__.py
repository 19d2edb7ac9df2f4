from osaid.cli.main import run

run()
