from fivesteps.cli import main

main()
