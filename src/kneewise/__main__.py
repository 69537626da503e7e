from kneewise.cli import main

main()
